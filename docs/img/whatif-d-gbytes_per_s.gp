# tcesim sweep plot: gbytes_per_s by pes (run: gnuplot whatif-d-gbytes_per_s.gp, in this directory)
set terminal pngcairo size 900,560 noenhanced font ",11"
set output 'whatif-d-gbytes_per_s.png'
set title "(d) PEs sharing one PHB's TCE cache, 1 MiB each: throughput (GB/s; through the PCIe link if on)"
set xlabel "pes"
set ylabel "throughput (GB/s; through the PCIe link if on)"
set grid
set key outside right top
set yrange [0:*]
set xrange [-0.5:4.5]
plot \
  'whatif-d-gbytes_per_s.dat' index 0 using 1:4:xtic(2) with linespoints lw 2 pt 5 title "entries=64", \
  'whatif-d-gbytes_per_s.dat' index 1 using 1:4:xtic(2) with linespoints lw 2 pt 6 title "entries=256", \
  'whatif-d-gbytes_per_s.dat' index 2 using 1:4:xtic(2) with linespoints lw 2 pt 7 title "entries=1024"
set terminal svg size 900,560 dynamic noenhanced font "sans,11"
set output 'whatif-d-gbytes_per_s.svg'
replot
unset output
