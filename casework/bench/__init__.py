"""Province-scale data generator and the benchmark harness behind `make bench`."""
