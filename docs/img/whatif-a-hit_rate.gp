# tcesim sweep plot: hit_rate by entries (run: gnuplot whatif-a-hit_rate.gp, in this directory)
set terminal pngcairo size 900,560 noenhanced font ",11"
set output 'whatif-a-hit_rate.png'
set title "(a) scatter over 64 MiB: TCE cache hit rate (functional, first IO page)"
set xlabel "entries"
set ylabel "TCE cache hit rate (functional, first IO page)"
set grid
set key outside right top
set yrange [0:*]
set logscale x 2
set offsets graph 0.03, graph 0.03, 0, 0
plot \
  'whatif-a-hit_rate.dat' index 0 using 3:4:xtic(2) with linespoints lw 2 pt 5 title "io_page=4K", \
  'whatif-a-hit_rate.dat' index 1 using 3:4:xtic(2) with linespoints lw 2 pt 6 title "io_page=64K", \
  'whatif-a-hit_rate.dat' index 2 using 3:4:xtic(2) with linespoints lw 2 pt 7 title "io_page=16M"
set terminal svg size 900,560 dynamic noenhanced font "sans,11"
set output 'whatif-a-hit_rate.svg'
replot
unset output
