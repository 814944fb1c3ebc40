set terminal pngcairo size 1650,1040 noenhanced font "DejaVu Sans,10" background "white"
set output "history.png"
reset
set datafile separator "\t"
set datafile missing "?"
set multiplot layout 4,5 title "History: median ns/op of each benchmark across 4 result sets (oldest left)" font ",13"
set grid lc rgb "#dddddd"
set key off
set border 3
set xtics nomirror
set ytics nomirror
set xlabel "result set"
set ylabel "ns/op"
set xrange [0.5:4.5]
set xtics ("1" 1, "2" 2, "3" 3, "4" 4)
set title "Mutex"
unset logscale y
set yrange [0:44.5567]
set format y "%g"
plot "history.dat" index 0 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 0 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 0 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 0 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 0 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 0 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 0 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 0 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "WaitGroupAddDone"
unset logscale y
set yrange [0:42.6604]
set format y "%g"
plot "history.dat" index 1 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 1 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 1 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 1 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 1 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 1 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 1 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 1 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "SyscallHandoff"
set logscale y 10
set yrange [53.9782:54512.4]
set format y "%.0s%c"
plot "history.dat" index 2 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 2 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 2 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 2 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 2 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 2 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 2 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 2 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "PingPong"
set logscale y 10
set yrange [49.6746:81474.3]
set format y "%.0s%c"
plot "history.dat" index 3 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 3 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 3 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 3 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 3 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 3 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 3 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 3 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "ContextCancelFanout100"
set logscale y 10
set yrange [14096.8:6.41607e+06]
set format y "%.0s%c"
plot "history.dat" index 4 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 4 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 4 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 4 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 4 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 4 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 4 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 4 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "Select2"
unset logscale y
set yrange [0:89.8955]
set format y "%g"
plot "history.dat" index 5 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 5 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 5 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 5 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 5 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 5 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 5 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 5 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "ChanProdCons/100"
set logscale y 10
set yrange [8.7761:751.782]
set format y "%.0s%c"
plot "history.dat" index 6 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 6 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 6 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 6 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 6 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 6 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 6 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 6 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "SelectContended"
unset logscale y
set yrange [0:259.957]
set format y "%g"
plot "history.dat" index 7 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 7 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 7 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 7 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 7 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 7 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 7 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 7 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "Channel"
set logscale y 10
set yrange [17.1739:1605.25]
set format y "%.0s%c"
plot "history.dat" index 8 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 8 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 8 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 8 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 8 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 8 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 8 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 8 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "ChanSPSC"
set logscale y 10
set yrange [7.61359:803.16]
set format y "%.0s%c"
plot "history.dat" index 9 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 9 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 9 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 9 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 9 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 9 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 9 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 9 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "ChanProdCons/0"
set logscale y 10
set yrange [28.9216:38408.2]
set format y "%.0s%c"
plot "history.dat" index 10 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 10 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 10 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 10 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 10 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 10 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 10 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 10 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "ChanProdCons/10"
set logscale y 10
set yrange [11.6921:6215.93]
set format y "%.0s%c"
plot "history.dat" index 11 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 11 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 11 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 11 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 11 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 11 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 11 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 11 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "RWMutexReadMostly"
unset logscale y
set yrange [0:43.667]
set format y "%g"
plot "history.dat" index 12 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 12 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 12 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 12 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 12 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 12 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 12 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 12 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "SpawnJoin"
set logscale y 10
set yrange [44.8592:78768.4]
set format y "%.0s%c"
plot "history.dat" index 13 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 13 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 13 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 13 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 13 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 13 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 13 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 13 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "SpawnBurst"
set logscale y 10
set yrange [38.7906:53493.9]
set format y "%.0s%c"
plot "history.dat" index 14 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 14 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 14 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 14 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 14 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 14 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 14 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 14 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "Atomic"
unset logscale y
set yrange [0:22.8398]
set format y "%g"
plot "history.dat" index 15 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 15 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 15 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 15 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 15 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 15 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 15 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 15 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "Yield"
set logscale y 10
set yrange [2.5759:32766.5]
set format y "%.0s%c"
plot "history.dat" index 16 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 16 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 16 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 16 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 16 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 16 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 16 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 16 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "TimerAfter"
set logscale y 10
set yrange [123.891:94027.1]
set format y "%.0s%c"
plot "history.dat" index 17 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 17 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 17 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 17 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 17 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 17 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 17 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 17 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
unset title
unset xlabel
unset ylabel
unset logscale
unset grid
unset border
unset tics
set xrange [0:1]
set yrange [0:1]
set key center center vertical Left reverse samplen 2 spacing 1.1
set label 1 "1 = baseline-epyc-2core\n2 = baseline-epyc-2core-2\n3 = baseline-epyc-2core-3\n4 = baseline-epyc-2core-4\n" at graph 0.0, graph 0.02 left font ",8"
plot NaN title "pthread procs=1" with linespoints lw 2 pt 7 lc rgb "#AAC1D8", NaN title "pthread procs=4" with linespoints lw 2 pt 7 lc rgb "#4477AA", NaN title "ucontext procs=1" with linespoints lw 2 pt 7 lc rgb "#F7BAC1", NaN title "ucontext procs=4" with linespoints lw 2 pt 7 lc rgb "#EE6677", NaN title "ws procs=1" with linespoints lw 2 pt 7 lc rgb "#9BC9A3", NaN title "ws procs=4" with linespoints lw 2 pt 7 lc rgb "#228833", NaN title "go procs=1" with linespoints lw 2 pt 7 lc rgb "#8CDAED", NaN title "go procs=4" with linespoints lw 2 pt 7 lc rgb "#00ADD8"
unset label 1
unset multiplot
unset output
set terminal svg size 1650,1040 dynamic noenhanced font "DejaVu Sans,11" background "white"
set output "history.svg"
reset
set datafile separator "\t"
set datafile missing "?"
set multiplot layout 4,5 title "History: median ns/op of each benchmark across 4 result sets (oldest left)" font ",13"
set grid lc rgb "#dddddd"
set key off
set border 3
set xtics nomirror
set ytics nomirror
set xlabel "result set"
set ylabel "ns/op"
set xrange [0.5:4.5]
set xtics ("1" 1, "2" 2, "3" 3, "4" 4)
set title "Mutex"
unset logscale y
set yrange [0:44.5567]
set format y "%g"
plot "history.dat" index 0 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 0 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 0 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 0 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 0 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 0 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 0 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 0 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "WaitGroupAddDone"
unset logscale y
set yrange [0:42.6604]
set format y "%g"
plot "history.dat" index 1 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 1 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 1 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 1 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 1 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 1 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 1 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 1 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "SyscallHandoff"
set logscale y 10
set yrange [53.9782:54512.4]
set format y "%.0s%c"
plot "history.dat" index 2 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 2 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 2 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 2 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 2 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 2 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 2 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 2 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "PingPong"
set logscale y 10
set yrange [49.6746:81474.3]
set format y "%.0s%c"
plot "history.dat" index 3 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 3 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 3 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 3 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 3 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 3 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 3 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 3 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "ContextCancelFanout100"
set logscale y 10
set yrange [14096.8:6.41607e+06]
set format y "%.0s%c"
plot "history.dat" index 4 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 4 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 4 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 4 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 4 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 4 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 4 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 4 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "Select2"
unset logscale y
set yrange [0:89.8955]
set format y "%g"
plot "history.dat" index 5 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 5 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 5 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 5 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 5 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 5 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 5 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 5 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "ChanProdCons/100"
set logscale y 10
set yrange [8.7761:751.782]
set format y "%.0s%c"
plot "history.dat" index 6 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 6 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 6 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 6 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 6 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 6 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 6 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 6 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "SelectContended"
unset logscale y
set yrange [0:259.957]
set format y "%g"
plot "history.dat" index 7 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 7 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 7 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 7 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 7 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 7 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 7 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 7 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "Channel"
set logscale y 10
set yrange [17.1739:1605.25]
set format y "%.0s%c"
plot "history.dat" index 8 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 8 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 8 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 8 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 8 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 8 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 8 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 8 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "ChanSPSC"
set logscale y 10
set yrange [7.61359:803.16]
set format y "%.0s%c"
plot "history.dat" index 9 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 9 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 9 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 9 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 9 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 9 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 9 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 9 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "ChanProdCons/0"
set logscale y 10
set yrange [28.9216:38408.2]
set format y "%.0s%c"
plot "history.dat" index 10 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 10 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 10 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 10 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 10 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 10 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 10 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 10 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "ChanProdCons/10"
set logscale y 10
set yrange [11.6921:6215.93]
set format y "%.0s%c"
plot "history.dat" index 11 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 11 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 11 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 11 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 11 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 11 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 11 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 11 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "RWMutexReadMostly"
unset logscale y
set yrange [0:43.667]
set format y "%g"
plot "history.dat" index 12 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 12 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 12 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 12 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 12 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 12 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 12 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 12 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "SpawnJoin"
set logscale y 10
set yrange [44.8592:78768.4]
set format y "%.0s%c"
plot "history.dat" index 13 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 13 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 13 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 13 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 13 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 13 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 13 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 13 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "SpawnBurst"
set logscale y 10
set yrange [38.7906:53493.9]
set format y "%.0s%c"
plot "history.dat" index 14 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 14 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 14 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 14 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 14 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 14 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 14 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 14 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "Atomic"
unset logscale y
set yrange [0:22.8398]
set format y "%g"
plot "history.dat" index 15 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 15 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 15 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 15 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 15 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 15 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 15 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 15 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "Yield"
set logscale y 10
set yrange [2.5759:32766.5]
set format y "%.0s%c"
plot "history.dat" index 16 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 16 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 16 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 16 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 16 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 16 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 16 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 16 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "TimerAfter"
set logscale y 10
set yrange [123.891:94027.1]
set format y "%.0s%c"
plot "history.dat" index 17 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#AAC1D8" notitle, \
     "history.dat" index 17 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "history.dat" index 17 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#F7BAC1" notitle, \
     "history.dat" index 17 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "history.dat" index 17 using 1:6 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#9BC9A3" notitle, \
     "history.dat" index 17 using 1:7 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "history.dat" index 17 using 1:8 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#8CDAED" notitle, \
     "history.dat" index 17 using 1:9 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
unset title
unset xlabel
unset ylabel
unset logscale
unset grid
unset border
unset tics
set xrange [0:1]
set yrange [0:1]
set key center center vertical Left reverse samplen 2 spacing 1.1
set label 1 "1 = baseline-epyc-2core\n2 = baseline-epyc-2core-2\n3 = baseline-epyc-2core-3\n4 = baseline-epyc-2core-4\n" at graph 0.0, graph 0.02 left font ",8"
plot NaN title "pthread procs=1" with linespoints lw 2 pt 7 lc rgb "#AAC1D8", NaN title "pthread procs=4" with linespoints lw 2 pt 7 lc rgb "#4477AA", NaN title "ucontext procs=1" with linespoints lw 2 pt 7 lc rgb "#F7BAC1", NaN title "ucontext procs=4" with linespoints lw 2 pt 7 lc rgb "#EE6677", NaN title "ws procs=1" with linespoints lw 2 pt 7 lc rgb "#9BC9A3", NaN title "ws procs=4" with linespoints lw 2 pt 7 lc rgb "#228833", NaN title "go procs=1" with linespoints lw 2 pt 7 lc rgb "#8CDAED", NaN title "go procs=4" with linespoints lw 2 pt 7 lc rgb "#00ADD8"
unset label 1
unset multiplot
unset output
