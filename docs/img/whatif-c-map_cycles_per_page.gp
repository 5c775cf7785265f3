# tcesim sweep plot: map_cycles_per_page by region (run: gnuplot whatif-c-map_cycles_per_page.gp, in this directory)
set terminal pngcairo size 900,560 noenhanced font ",11"
set output 'whatif-c-map_cycles_per_page.png'
set title "(c) guest-like NIC ring, v1 vs v2: driver CPU cycles per mapped IO page"
set xlabel "region"
set ylabel "driver CPU cycles per mapped IO page"
set grid
set key outside right top
set yrange [0:*]
set xrange [-0.5:2.5]
plot \
  'whatif-c-map_cycles_per_page.dat' index 0 using 1:4:xtic(2) with linespoints lw 2 pt 5 title "workload=nic-strict iommu=v1", \
  'whatif-c-map_cycles_per_page.dat' index 1 using 1:4:xtic(2) with linespoints lw 2 pt 6 title "workload=nic-strict iommu=v2", \
  'whatif-c-map_cycles_per_page.dat' index 2 using 1:4:xtic(2) with linespoints lw 2 pt 7 title "workload=nic-pool iommu=v1", \
  'whatif-c-map_cycles_per_page.dat' index 3 using 1:4:xtic(2) with linespoints lw 2 pt 8 title "workload=nic-pool iommu=v2"
set terminal svg size 900,560 dynamic noenhanced font "sans,11"
set output 'whatif-c-map_cycles_per_page.svg'
replot
unset output
