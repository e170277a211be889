using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Metrology;

namespace Hyperswitch.Email.MicroBenchmarks;

/// <summary>
/// A short in-process job: allocations per operation are exact whatever the iteration count, and the times are only
/// there to rank the steps. In-process avoids building a second project per benchmark, which keeps run.sh short.
/// </summary>
internal static class BenchmarkConfig
{
    public static IConfig Create() =>
        DefaultConfig.Instance
            .AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithWarmupCount(3)
                .WithIterationCount(10)
                .WithId("short-inprocess"))
            .WithSummaryStyle(SummaryStyle.Default.WithSizeUnit(SizeUnit.B));
}
