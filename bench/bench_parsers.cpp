// SPDX-License-Identifier: MIT
// Micro-benchmarks of the hot parsers: a real nixpkgs .drv, store path checks, compareVersions.
#include "core/file.hpp"
#include "inventory/drv_name.hpp"
#include "inventory/version.hpp"
#include "store/derivation.hpp"

#include <benchmark/benchmark.h>

namespace {

const nixvet::StoreDir k_store;

void parse_jq_drv(benchmark::State& state)
{
    std::string text =
        nixvet::read_file(std::string(NIXVET_FIXTURES) + "/drv/go-nix/cl5fr6hlr6hdqza2vgb9qqy5s26wls8i-jq-1.6.drv");
    for (auto _ : state) {
        nixvet::Derivation drv = nixvet::parse_derivation_aterm(text, "jq.drv", k_store);
        benchmark::DoNotOptimize(drv.env.size());
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(parse_jq_drv);

void parse_firefox_drv(benchmark::State& state)
{
    std::string text = nixvet::read_file(std::string(NIXVET_FIXTURES) + "/drv/nix-libstore-tests/firefox.drv");
    for (auto _ : state) {
        nixvet::Derivation drv = nixvet::parse_derivation_aterm(text, "firefox.drv", k_store);
        benchmark::DoNotOptimize(drv.env.size());
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(parse_firefox_drv);

void check_store_path(benchmark::State& state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(
            nixvet::StorePath::check("/nix/store/9lh4pxbdh53dyvi0cyfl8zbwiqi86myz-libarchive-3.6.2-lib", k_store));
}
BENCHMARK(check_store_path);

void compare_versions(benchmark::State& state)
{
    for (auto _ : state) {
        benchmark::DoNotOptimize(nixvet::compare_versions("1.2.3-rc1", "1.2.3"));
        benchmark::DoNotOptimize(nixvet::compare_versions("6.1.55", "6.1.6"));
    }
    state.SetItemsProcessed(state.iterations() * 2);
}
BENCHMARK(compare_versions);

void parse_drv_name(benchmark::State& state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(nixvet::DrvName::parse("python3.11-requests-2.31.0"));
}
BENCHMARK(parse_drv_name);

} // namespace

BENCHMARK_MAIN();
