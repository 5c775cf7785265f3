# tcesim sweep plot: gbytes_per_s by region (run: gnuplot whatif-c-gbytes_per_s.gp, in this directory)
set terminal pngcairo size 900,560 noenhanced font ",11"
set output 'whatif-c-gbytes_per_s.png'
set title "(c) guest-like NIC ring, v1 vs v2: throughput (GB/s; through the PCIe link if on)"
set xlabel "region"
set ylabel "throughput (GB/s; through the PCIe link if on)"
set grid
set key outside right top
set yrange [0:*]
set xrange [-0.5:2.5]
plot \
  'whatif-c-gbytes_per_s.dat' index 0 using 1:4:xtic(2) with linespoints lw 2 pt 5 title "workload=nic-strict iommu=v1", \
  'whatif-c-gbytes_per_s.dat' index 1 using 1:4:xtic(2) with linespoints lw 2 pt 6 title "workload=nic-strict iommu=v2", \
  'whatif-c-gbytes_per_s.dat' index 2 using 1:4:xtic(2) with linespoints lw 2 pt 7 title "workload=nic-pool iommu=v1", \
  'whatif-c-gbytes_per_s.dat' index 3 using 1:4:xtic(2) with linespoints lw 2 pt 8 title "workload=nic-pool iommu=v2"
set terminal svg size 900,560 dynamic noenhanced font "sans,11"
set output 'whatif-c-gbytes_per_s.svg'
replot
unset output
