# The seed workflow's downsample (2.downsample_metadata.qmd), its code unchanged but for the
# parameters. Writes the cell labels of `downsampled_cells`, in order, one per line.
#   Rscript seed_downsample.R cells.csv target keep_below seed labels.txt
suppressMessages(library(dplyr))
args <- commandArgs(trailingOnly = TRUE)
# Every column as text, nothing read as NA: cluster values compare as atlasweave compares them.
md <- read.csv(args[1], colClasses = "character", na.strings = character(0), check.names = FALSE)
target <- as.integer(args[2])
keep_below <- as.integer(args[3])

clusters <- md |> group_by(cluster_alias) |> summarize(n_cells = n())
small_clusters <- md |> semi_join(clusters |> filter(n_cells < keep_below), by = "cluster_alias")
set.seed(as.integer(args[4]))
large_clusters <- md |> anti_join(clusters |> filter(n_cells < keep_below), by = "cluster_alias") |>
  slice_sample(n = target - nrow(small_clusters))
downsampled_cells <- bind_rows(small_clusters, large_clusters)
writeLines(downsampled_cells$cell_label, args[5])
