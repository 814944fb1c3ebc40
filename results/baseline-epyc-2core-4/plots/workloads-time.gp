set terminal pngcairo size 1808,520 noenhanced font "DejaVu Sans,10" background "white"
set output "workloads-time.png"
reset
set datafile separator "\t"
set datafile missing "?"
set title "Workloads: wall time\nmedian of the hyperfine runs, whiskers min-max (lower is better) — result set baseline-epyc-2core-4"
set ylabel "milliseconds per run"
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
set yrange [1:199526]
set format y "%.0s%c"
set xrange [-0.55:17.55]
plot "workloads-time.dat" using 2:3:4:xtic(1) title "pthread" lc rgb "#4477AA", \
     "workloads-time.dat" using 5:6:7 title "ucontext" lc rgb "#EE6677", \
     "workloads-time.dat" using 8:9:10 title "ws" lc rgb "#228833", \
     "workloads-time.dat" using 11:12:13 title "go" lc rgb "#00ADD8"
unset output
set terminal svg size 1808,520 dynamic noenhanced font "DejaVu Sans,11" background "white"
set output "workloads-time.svg"
reset
set datafile separator "\t"
set datafile missing "?"
set title "Workloads: wall time\nmedian of the hyperfine runs, whiskers min-max (lower is better) — result set baseline-epyc-2core-4"
set ylabel "milliseconds per run"
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
set yrange [1:199526]
set format y "%.0s%c"
set xrange [-0.55:17.55]
plot "workloads-time.dat" using 2:3:4:xtic(1) title "pthread" lc rgb "#4477AA", \
     "workloads-time.dat" using 5:6:7 title "ucontext" lc rgb "#EE6677", \
     "workloads-time.dat" using 8:9:10 title "ws" lc rgb "#228833", \
     "workloads-time.dat" using 11:12:13 title "go" lc rgb "#00ADD8"
unset output
