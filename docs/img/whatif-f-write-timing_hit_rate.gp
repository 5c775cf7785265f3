# tcesim sweep plot: timing_hit_rate by region (run: gnuplot whatif-f-write-timing_hit_rate.gp, in this directory)
set terminal pngcairo size 900,560 noenhanced font ",11"
set output 'whatif-f-write-timing_hit_rate.png'
set title "(f) IOMMU cliff, Gen3 x16, random writes: TCE cache hit rate (timing tag copy)"
set xlabel "region"
set ylabel "TCE cache hit rate (timing tag copy)"
set grid
set key outside right top
set yrange [0:*]
set logscale x 2
set offsets graph 0.03, graph 0.03, 0, 0
plot \
  'whatif-f-write-timing_hit_rate.dat' index 0 using 3:4:xtic(2) with linespoints lw 2 pt 5 title "tlp=64 io_page=4K", \
  'whatif-f-write-timing_hit_rate.dat' index 1 using 3:4:xtic(2) with linespoints lw 2 pt 6 title "tlp=64 io_page=64K", \
  'whatif-f-write-timing_hit_rate.dat' index 2 using 3:4:xtic(2) with linespoints lw 2 pt 7 title "tlp=64 io_page=16M", \
  'whatif-f-write-timing_hit_rate.dat' index 3 using 3:4:xtic(2) with linespoints lw 2 pt 8 title "tlp=256 io_page=4K", \
  'whatif-f-write-timing_hit_rate.dat' index 4 using 3:4:xtic(2) with linespoints lw 2 pt 9 title "tlp=256 io_page=64K", \
  'whatif-f-write-timing_hit_rate.dat' index 5 using 3:4:xtic(2) with linespoints lw 2 pt 10 title "tlp=256 io_page=16M", \
  'whatif-f-write-timing_hit_rate.dat' index 6 using 3:4:xtic(2) with linespoints lw 2 pt 11 title "tlp=512 io_page=4K", \
  'whatif-f-write-timing_hit_rate.dat' index 7 using 3:4:xtic(2) with linespoints lw 2 pt 12 title "tlp=512 io_page=64K", \
  'whatif-f-write-timing_hit_rate.dat' index 8 using 3:4:xtic(2) with linespoints lw 2 pt 13 title "tlp=512 io_page=16M"
set terminal svg size 900,560 dynamic noenhanced font "sans,11"
set output 'whatif-f-write-timing_hit_rate.svg'
replot
unset output
