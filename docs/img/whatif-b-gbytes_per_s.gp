# tcesim sweep plot: gbytes_per_s by levels (run: gnuplot whatif-b-gbytes_per_s.gp, in this directory)
set terminal pngcairo size 900,560 noenhanced font ",11"
set output 'whatif-b-gbytes_per_s.png'
set title "(b) 4K IO pages, 4G window, scatter over 64 MiB: throughput (GB/s; through the PCIe link if on)"
set xlabel "levels"
set ylabel "throughput (GB/s; through the PCIe link if on)"
set grid
set key outside right top
set yrange [0:*]
set xrange [-0.5:4.5]
plot \
  'whatif-b-gbytes_per_s.dat' index 0 using 1:4:xtic(2) with linespoints lw 2 pt 5 title "rate=100M cache_indirect=0", \
  'whatif-b-gbytes_per_s.dat' index 1 using 1:4:xtic(2) with linespoints lw 2 pt 6 title "rate=100M cache_indirect=1", \
  'whatif-b-gbytes_per_s.dat' index 2 using 1:4:xtic(2) with linespoints lw 2 pt 7 title "rate=0 cache_indirect=0", \
  'whatif-b-gbytes_per_s.dat' index 3 using 1:4:xtic(2) with linespoints lw 2 pt 8 title "rate=0 cache_indirect=1"
set terminal svg size 900,560 dynamic noenhanced font "sans,11"
set output 'whatif-b-gbytes_per_s.svg'
replot
unset output
