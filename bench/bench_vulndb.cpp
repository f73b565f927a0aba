// SPDX-License-Identifier: MIT
// Product lookups on a full database: NIXVET_BENCH_DB=path nixvet_bench_vulndb
#include "vulndb/vuln_db.hpp"

#include <benchmark/benchmark.h>
#include <cstdlib>
#include <memory>

namespace {

nixvet::VulnDb& db()
{
    static std::unique_ptr<nixvet::VulnDb> instance = [] {
        const char* path = std::getenv("NIXVET_BENCH_DB");
        if (!path)
            throw std::runtime_error("set NIXVET_BENCH_DB to a database built by 'nixvet db import'");
        return std::make_unique<nixvet::VulnDb>(path, nixvet::VulnDb::Mode::read);
    }();
    return *instance;
}

void lookup(benchmark::State& state, const char* vendor, const char* product)
{
    size_t entries = 0;
    for (auto _ : state) {
        auto e = db().entries_for_product(vendor, product);
        entries = e.size();
        benchmark::DoNotOptimize(e.data());
    }
    state.counters["entries"] = static_cast<double>(entries);
}

// The zero-copy visit: what `match` uses, parsing each configuration where SQLite holds it.
void visit(benchmark::State& state, const char* vendor, const char* product)
{
    size_t entries = 0;
    size_t bytes = 0;
    for (auto _ : state) {
        entries = db().visit_product_entries(
            vendor, product, [&](const nixvet::VulnDb::ProductEntryView& e) { bytes += e.applicability_json.size(); });
    }
    benchmark::DoNotOptimize(bytes);
    state.counters["entries"] = static_cast<double>(entries);
}

BENCHMARK_CAPTURE(visit, openssl, "openssl", "openssl");
BENCHMARK_CAPTURE(visit, curl, "haxx", "curl");
BENCHMARK_CAPTURE(visit, zlib, "zlib", "zlib");
BENCHMARK_CAPTURE(lookup, openssl, "openssl", "openssl");
BENCHMARK_CAPTURE(lookup, curl, "haxx", "curl");
BENCHMARK_CAPTURE(lookup, zlib, "zlib", "zlib");
BENCHMARK_CAPTURE(lookup, absent, "nobody", "nothing");
BENCHMARK_CAPTURE(lookup, linux_kernel, "linux", "linux_kernel");

} // namespace

BENCHMARK_MAIN();
