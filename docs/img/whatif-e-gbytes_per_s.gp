# tcesim sweep plot: gbytes_per_s by max_outstanding_fetches (run: gnuplot whatif-e-gbytes_per_s.gp, in this directory)
set terminal pngcairo size 900,560 noenhanced font ",11"
set output 'whatif-e-gbytes_per_s.png'
set title "(e) outstanding fetches, scatter over 64 MiB of 4K pages: throughput (GB/s; through the PCIe link if on)"
set xlabel "max_outstanding_fetches"
set ylabel "throughput (GB/s; through the PCIe link if on)"
set grid
set key outside right top
set yrange [0:*]
set logscale x 2
set offsets graph 0.03, graph 0.03, 0, 0
plot \
  'whatif-e-gbytes_per_s.dat' index 0 using 3:4:xtic(2) with linespoints lw 2 pt 5 title "lat_mem_read=75", \
  'whatif-e-gbytes_per_s.dat' index 1 using 3:4:xtic(2) with linespoints lw 2 pt 6 title "lat_mem_read=150", \
  'whatif-e-gbytes_per_s.dat' index 2 using 3:4:xtic(2) with linespoints lw 2 pt 7 title "lat_mem_read=300"
set terminal svg size 900,560 dynamic noenhanced font "sans,11"
set output 'whatif-e-gbytes_per_s.svg'
replot
unset output
