# tcesim sweep plot: hit_rate by pes (run: gnuplot whatif-d-hit_rate.gp, in this directory)
set terminal pngcairo size 900,560 noenhanced font ",11"
set output 'whatif-d-hit_rate.png'
set title "(d) PEs sharing one PHB's TCE cache, 1 MiB each: TCE cache hit rate (functional, first IO page)"
set xlabel "pes"
set ylabel "TCE cache hit rate (functional, first IO page)"
set grid
set key outside right top
set yrange [0:*]
set xrange [-0.5:4.5]
plot \
  'whatif-d-hit_rate.dat' index 0 using 1:4:xtic(2) with linespoints lw 2 pt 5 title "entries=64", \
  'whatif-d-hit_rate.dat' index 1 using 1:4:xtic(2) with linespoints lw 2 pt 6 title "entries=256", \
  'whatif-d-hit_rate.dat' index 2 using 1:4:xtic(2) with linespoints lw 2 pt 7 title "entries=1024"
set terminal svg size 900,560 dynamic noenhanced font "sans,11"
set output 'whatif-d-hit_rate.svg'
replot
unset output
