set terminal pngcairo size 1650,1040 noenhanced font "DejaVu Sans,10" background "white"
set output "scaling.png"
reset
set datafile separator "\t"
set datafile missing "?"
set multiplot layout 4,5 title "Scaling: ns/op against procs (GOMAXPROCS), median of the repetitions — flat is good, down is better — result set baseline-epyc-2core-4" font ",13"
set grid lc rgb "#dddddd"
set key off
set border 3
set xtics nomirror
set ytics nomirror
set xlabel "procs"
set ylabel "ns/op"
set logscale x 2
set xrange [0.769231:5.2]
set xtics ("1" 1, "4" 4)
set title "Mutex"
unset logscale y
set yrange [0:44.5567]
set format y "%g"
plot "scaling.dat" index 0 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 0 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 0 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 0 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "WaitGroupAddDone"
unset logscale y
set yrange [0:42.6604]
set format y "%g"
plot "scaling.dat" index 1 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 1 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 1 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 1 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "SyscallHandoff"
set logscale y 10
set yrange [82.9625:6271.52]
set format y "%.0s%c"
plot "scaling.dat" index 2 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 2 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 2 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 2 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "PingPong"
set logscale y 10
set yrange [76.5816:5827.48]
set format y "%.0s%c"
plot "scaling.dat" index 3 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 3 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 3 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 3 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "ContextCancelFanout100"
set logscale y 10
set yrange [22749.2:3.01064e+06]
set format y "%.0s%c"
plot "scaling.dat" index 4 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 4 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 4 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 4 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "Select2"
unset logscale y
set yrange [0:70.3857]
set format y "%g"
plot "scaling.dat" index 5 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 5 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 5 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 5 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "ChanProdCons/100"
unset logscale y
set yrange [0:182.34]
set format y "%g"
plot "scaling.dat" index 6 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 6 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 6 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 6 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "SelectContended"
unset logscale y
set yrange [0:90.7752]
set format y "%g"
plot "scaling.dat" index 7 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 7 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 7 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 7 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "Channel"
unset logscale y
set yrange [0:366.457]
set format y "%g"
plot "scaling.dat" index 8 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 8 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 8 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 8 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "ChanSPSC"
unset logscale y
set yrange [0:108.417]
set format y "%g"
plot "scaling.dat" index 9 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 9 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 9 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 9 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "ChanProdCons/0"
set logscale y 10
set yrange [37.45:2573.07]
set format y "%.0s%c"
plot "scaling.dat" index 10 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 10 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 10 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 10 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "ChanProdCons/10"
set logscale y 10
set yrange [21.5996:2570.55]
set format y "%.0s%c"
plot "scaling.dat" index 11 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 11 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 11 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 11 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "RWMutexReadMostly"
unset logscale y
set yrange [0:43.667]
set format y "%g"
plot "scaling.dat" index 12 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 12 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 12 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 12 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "SpawnJoin"
set logscale y 10
set yrange [46.6044:25172.3]
set format y "%.0s%c"
plot "scaling.dat" index 13 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 13 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 13 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 13 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "SpawnBurst"
set logscale y 10
set yrange [45.4928:49963]
set format y "%.0s%c"
plot "scaling.dat" index 14 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 14 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 14 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 14 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "Atomic"
unset logscale y
set yrange [0:22.8398]
set format y "%g"
plot "scaling.dat" index 15 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 15 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 15 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 15 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "Yield"
set logscale y 10
set yrange [5.68908:1844.84]
set format y "%.0s%c"
plot "scaling.dat" index 16 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 16 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 16 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 16 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "TimerAfter"
set logscale y 10
set yrange [208.453:14589.9]
set format y "%.0s%c"
plot "scaling.dat" index 17 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 17 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 17 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 17 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
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
set label 1 "lower is better; 2-core machine" at graph 0.0, graph 0.02 left font ",8"
plot NaN title "pthread" with linespoints lw 2 pt 7 lc rgb "#4477AA", NaN title "ucontext" with linespoints lw 2 pt 7 lc rgb "#EE6677", NaN title "ws" with linespoints lw 2 pt 7 lc rgb "#228833", NaN title "go" with linespoints lw 2 pt 7 lc rgb "#00ADD8"
unset label 1
unset multiplot
unset output
set terminal svg size 1650,1040 dynamic noenhanced font "DejaVu Sans,11" background "white"
set output "scaling.svg"
reset
set datafile separator "\t"
set datafile missing "?"
set multiplot layout 4,5 title "Scaling: ns/op against procs (GOMAXPROCS), median of the repetitions — flat is good, down is better — result set baseline-epyc-2core-4" font ",13"
set grid lc rgb "#dddddd"
set key off
set border 3
set xtics nomirror
set ytics nomirror
set xlabel "procs"
set ylabel "ns/op"
set logscale x 2
set xrange [0.769231:5.2]
set xtics ("1" 1, "4" 4)
set title "Mutex"
unset logscale y
set yrange [0:44.5567]
set format y "%g"
plot "scaling.dat" index 0 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 0 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 0 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 0 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "WaitGroupAddDone"
unset logscale y
set yrange [0:42.6604]
set format y "%g"
plot "scaling.dat" index 1 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 1 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 1 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 1 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "SyscallHandoff"
set logscale y 10
set yrange [82.9625:6271.52]
set format y "%.0s%c"
plot "scaling.dat" index 2 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 2 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 2 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 2 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "PingPong"
set logscale y 10
set yrange [76.5816:5827.48]
set format y "%.0s%c"
plot "scaling.dat" index 3 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 3 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 3 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 3 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "ContextCancelFanout100"
set logscale y 10
set yrange [22749.2:3.01064e+06]
set format y "%.0s%c"
plot "scaling.dat" index 4 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 4 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 4 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 4 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "Select2"
unset logscale y
set yrange [0:70.3857]
set format y "%g"
plot "scaling.dat" index 5 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 5 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 5 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 5 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "ChanProdCons/100"
unset logscale y
set yrange [0:182.34]
set format y "%g"
plot "scaling.dat" index 6 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 6 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 6 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 6 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "SelectContended"
unset logscale y
set yrange [0:90.7752]
set format y "%g"
plot "scaling.dat" index 7 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 7 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 7 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 7 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "Channel"
unset logscale y
set yrange [0:366.457]
set format y "%g"
plot "scaling.dat" index 8 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 8 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 8 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 8 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "ChanSPSC"
unset logscale y
set yrange [0:108.417]
set format y "%g"
plot "scaling.dat" index 9 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 9 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 9 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 9 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "ChanProdCons/0"
set logscale y 10
set yrange [37.45:2573.07]
set format y "%.0s%c"
plot "scaling.dat" index 10 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 10 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 10 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 10 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "ChanProdCons/10"
set logscale y 10
set yrange [21.5996:2570.55]
set format y "%.0s%c"
plot "scaling.dat" index 11 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 11 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 11 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 11 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "RWMutexReadMostly"
unset logscale y
set yrange [0:43.667]
set format y "%g"
plot "scaling.dat" index 12 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 12 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 12 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 12 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "SpawnJoin"
set logscale y 10
set yrange [46.6044:25172.3]
set format y "%.0s%c"
plot "scaling.dat" index 13 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 13 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 13 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 13 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "SpawnBurst"
set logscale y 10
set yrange [45.4928:49963]
set format y "%.0s%c"
plot "scaling.dat" index 14 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 14 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 14 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 14 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "Atomic"
unset logscale y
set yrange [0:22.8398]
set format y "%g"
plot "scaling.dat" index 15 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 15 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 15 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 15 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "Yield"
set logscale y 10
set yrange [5.68908:1844.84]
set format y "%.0s%c"
plot "scaling.dat" index 16 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 16 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 16 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 16 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
set title "TimerAfter"
set logscale y 10
set yrange [208.453:14589.9]
set format y "%.0s%c"
plot "scaling.dat" index 17 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#4477AA" notitle, \
     "scaling.dat" index 17 using 1:3 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#EE6677" notitle, \
     "scaling.dat" index 17 using 1:4 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#228833" notitle, \
     "scaling.dat" index 17 using 1:5 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#00ADD8" notitle
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
set label 1 "lower is better; 2-core machine" at graph 0.0, graph 0.02 left font ",8"
plot NaN title "pthread" with linespoints lw 2 pt 7 lc rgb "#4477AA", NaN title "ucontext" with linespoints lw 2 pt 7 lc rgb "#EE6677", NaN title "ws" with linespoints lw 2 pt 7 lc rgb "#228833", NaN title "go" with linespoints lw 2 pt 7 lc rgb "#00ADD8"
unset label 1
unset multiplot
unset output
