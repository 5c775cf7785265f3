# tcesim sweep plot: gbytes_per_s by entries (run: gnuplot whatif-a-gbytes_per_s.gp, in this directory)
set terminal pngcairo size 900,560 noenhanced font ",11"
set output 'whatif-a-gbytes_per_s.png'
set title "(a) scatter over 64 MiB: throughput (GB/s; through the PCIe link if on)"
set xlabel "entries"
set ylabel "throughput (GB/s; through the PCIe link if on)"
set grid
set key outside right top
set yrange [0:*]
set logscale x 2
set offsets graph 0.03, graph 0.03, 0, 0
plot \
  'whatif-a-gbytes_per_s.dat' index 0 using 3:4:xtic(2) with linespoints lw 2 pt 5 title "io_page=4K", \
  'whatif-a-gbytes_per_s.dat' index 1 using 3:4:xtic(2) with linespoints lw 2 pt 6 title "io_page=64K", \
  'whatif-a-gbytes_per_s.dat' index 2 using 3:4:xtic(2) with linespoints lw 2 pt 7 title "io_page=16M"
set terminal svg size 900,560 dynamic noenhanced font "sans,11"
set output 'whatif-a-gbytes_per_s.svg'
replot
unset output
