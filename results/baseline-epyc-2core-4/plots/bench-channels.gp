set terminal pngcairo size 828,520 noenhanced font "DejaVu Sans,10" background "white"
set output "bench-channels.png"
reset
set datafile separator "\t"
set datafile missing "?"
set title "Channels\nns/op, median of the repetitions, whiskers min-max (lower is better) — result set baseline-epyc-2core-4"
set ylabel "ns per operation"
set style data histogram
set style histogram errorbars gap 1 lw 1
set bars front
set style fill solid 0.95 border rgb "#404040"
set boxwidth 0.9 relative
set grid ytics lc rgb "#dddddd"
set key outside right top vertical Left reverse noautotitle
set xtics nomirror rotate by -25 left
set ytics nomirror
set border 3
set bmargin 6
set logscale y 10
set yrange [10:199526]
set format y "%.0s%c"
set xrange [-0.55:3.55]
plot "bench-channels.dat" using 2:3:4:xtic(1) title "pthread procs=1" lc rgb "#AAC1D8", \
     "bench-channels.dat" using 5:6:7 title "pthread procs=4" lc rgb "#4477AA", \
     "bench-channels.dat" using 8:9:10 title "ucontext procs=1" lc rgb "#F7BAC1", \
     "bench-channels.dat" using 11:12:13 title "ucontext procs=4" lc rgb "#EE6677", \
     "bench-channels.dat" using 14:15:16 title "ws procs=1" lc rgb "#9BC9A3", \
     "bench-channels.dat" using 17:18:19 title "ws procs=4" lc rgb "#228833", \
     "bench-channels.dat" using 20:21:22 title "go procs=1" lc rgb "#8CDAED", \
     "bench-channels.dat" using 23:24:25 title "go procs=4" lc rgb "#00ADD8"
unset output
set terminal svg size 828,520 dynamic noenhanced font "DejaVu Sans,11" background "white"
set output "bench-channels.svg"
reset
set datafile separator "\t"
set datafile missing "?"
set title "Channels\nns/op, median of the repetitions, whiskers min-max (lower is better) — result set baseline-epyc-2core-4"
set ylabel "ns per operation"
set style data histogram
set style histogram errorbars gap 1 lw 1
set bars front
set style fill solid 0.95 border rgb "#404040"
set boxwidth 0.9 relative
set grid ytics lc rgb "#dddddd"
set key outside right top vertical Left reverse noautotitle
set xtics nomirror rotate by -25 left
set ytics nomirror
set border 3
set bmargin 6
set logscale y 10
set yrange [10:199526]
set format y "%.0s%c"
set xrange [-0.55:3.55]
plot "bench-channels.dat" using 2:3:4:xtic(1) title "pthread procs=1" lc rgb "#AAC1D8", \
     "bench-channels.dat" using 5:6:7 title "pthread procs=4" lc rgb "#4477AA", \
     "bench-channels.dat" using 8:9:10 title "ucontext procs=1" lc rgb "#F7BAC1", \
     "bench-channels.dat" using 11:12:13 title "ucontext procs=4" lc rgb "#EE6677", \
     "bench-channels.dat" using 14:15:16 title "ws procs=1" lc rgb "#9BC9A3", \
     "bench-channels.dat" using 17:18:19 title "ws procs=4" lc rgb "#228833", \
     "bench-channels.dat" using 20:21:22 title "go procs=1" lc rgb "#8CDAED", \
     "bench-channels.dat" using 23:24:25 title "go procs=4" lc rgb "#00ADD8"
unset output
