// Samples(): the samples a prometheus::Collectable (a Registry or a
// collector) exposes, as "name{label=value,...}" -> value (labels in the
// order collected; histograms as their sample count), for asserting on
// probes without scraping.
#pragma once

#include <map>
#include <string>

#include "prometheus/collectable.h"

namespace giamsat::testing {

std::map<std::string, double> Samples(const prometheus::Collectable& c);

}  // namespace giamsat::testing
