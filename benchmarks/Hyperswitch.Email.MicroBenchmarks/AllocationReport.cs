using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace Hyperswitch.Email.MicroBenchmarks;

/// <summary>The micro-benchmark table of docs/performance.md: median time and bytes allocated per operation, with ratios to the baseline of each group.</summary>
internal static class AllocationReport
{
    public static string Render(IEnumerable<Summary> summaries)
    {
        var markdown = new StringBuilder();
        markdown.AppendLine("| group | benchmark | median time | allocated / op | alloc ratio to baseline |");
        markdown.AppendLine("|---|---|---:|---:|---:|");
        foreach (var group in summaries.SelectMany(s => s.Reports.Select(r => (Summary: s, Report: r))).GroupBy(x => x.Report.BenchmarkCase.Descriptor.Type.Name))
        {
            var baseline = group.FirstOrDefault(x => x.Report.BenchmarkCase.Descriptor.Baseline);
            var baselineBytes = baseline.Report is { } b ? Allocated(b) : (long?)null;
            foreach (var (_, report) in group)
            {
                var bytes = Allocated(report);
                var median = report.ResultStatistics?.Median ?? double.NaN;
                var ratio = baselineBytes is > 0 ? ((double)bytes / baselineBytes.Value).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "–";
                markdown.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key.Replace("Benchmarks", string.Empty, StringComparison.Ordinal)} | {report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'')} | {FormatTime(median)} | {bytes:#,0} B | {ratio} |");
            }
        }

        return markdown.ToString();
    }

    private static long Allocated(BenchmarkReport report) => report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;

    private static string FormatTime(double nanoseconds) => nanoseconds switch
    {
        double.NaN => "–",
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1_000_000:0.00} ms"),
        >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1_000:0.00} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds:0} ns"),
    };
}
