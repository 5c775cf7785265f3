# tcesim sweep plot: gbytes_per_s by region (run: gnuplot whatif-g-gbytes_per_s.gp, in this directory)
set terminal pngcairo size 900,560 noenhanced font ",11"
set output 'whatif-g-gbytes_per_s.png'
set title "(g) Gen3 x8, 32 device read tags, 4K IO pages: throughput (GB/s; through the PCIe link if on)"
set xlabel "region"
set ylabel "throughput (GB/s; through the PCIe link if on)"
set grid
set key outside right top
set yrange [0:*]
set logscale x 2
set offsets graph 0.03, graph 0.03, 0, 0
plot \
  'whatif-g-gbytes_per_s.dat' index 0 using 3:4:xtic(2) with linespoints lw 2 pt 5 title "dir=read tlp=64", \
  'whatif-g-gbytes_per_s.dat' index 1 using 3:4:xtic(2) with linespoints lw 2 pt 6 title "dir=read tlp=128", \
  'whatif-g-gbytes_per_s.dat' index 2 using 3:4:xtic(2) with linespoints lw 2 pt 7 title "dir=read tlp=256", \
  'whatif-g-gbytes_per_s.dat' index 3 using 3:4:xtic(2) with linespoints lw 2 pt 8 title "dir=read tlp=512", \
  'whatif-g-gbytes_per_s.dat' index 4 using 3:4:xtic(2) with linespoints lw 2 pt 9 title "dir=write tlp=64", \
  'whatif-g-gbytes_per_s.dat' index 5 using 3:4:xtic(2) with linespoints lw 2 pt 10 title "dir=write tlp=128", \
  'whatif-g-gbytes_per_s.dat' index 6 using 3:4:xtic(2) with linespoints lw 2 pt 11 title "dir=write tlp=256", \
  'whatif-g-gbytes_per_s.dat' index 7 using 3:4:xtic(2) with linespoints lw 2 pt 12 title "dir=write tlp=512"
set terminal svg size 900,560 dynamic noenhanced font "sans,11"
set output 'whatif-g-gbytes_per_s.svg'
replot
unset output
