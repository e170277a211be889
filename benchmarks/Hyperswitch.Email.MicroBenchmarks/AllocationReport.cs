using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace Hyperswitch.Email.MicroBenchmarks;

/// <summary>
/// The micro-benchmark part of docs/performance.md: median time and bytes allocated per operation, with ratios to the
/// baseline of each group, and the allocation target (building a message through the library under 2× raw MimeKit).
/// </summary>
internal static class AllocationReport
{
    private static readonly string[] Order = ["MessageBuild", "AddressValidation", "OptionsSnapshot", "PerSendChecks", "SendPath", "ConnectionPath"];

    public static string Render(IEnumerable<Summary> summaries)
    {
        var reports = summaries.SelectMany(s => s.Reports).ToList();
        var markdown = new StringBuilder();
        markdown.AppendLine("| group | benchmark | median time | allocated / op | time ratio | alloc ratio |");
        markdown.AppendLine("|---|---|---:|---:|---:|---:|");
        var groups = reports
            .GroupBy(r => r.BenchmarkCase.Descriptor.Type.Name.Replace("Benchmarks", string.Empty, StringComparison.Ordinal))
            .OrderBy(g => Array.IndexOf(Order, g.Key) is var i and >= 0 ? i : Order.Length);
        foreach (var group in groups)
        {
            var baseline = group.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Baseline);
            foreach (var report in group)
            {
                markdown.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key} | {Name(report)} | {FormatTime(Median(report))} | {Allocated(report):#,0} B | {Ratio(Median(report), baseline is null ? null : Median(baseline))} | {Ratio(Allocated(report), baseline is null ? null : Allocated(baseline))} |");
            }
        }

        var raw = Find(reports, nameof(MessageBuildBenchmarks.RawMimeKit));
        var library = Find(reports, nameof(MessageBuildBenchmarks.Library));
        var withText = Find(reports, nameof(MessageBuildBenchmarks.LibraryWithTextBody));
        if (raw is not null && library is not null && withText is not null && Allocated(raw) > 0)
        {
            var defaultRatio = (double)Allocated(library) / Allocated(raw);
            var textRatio = (double)Allocated(withText) / Allocated(raw);
            markdown.AppendLine();
            markdown.AppendLine(CultureInfo.InvariantCulture, $"Allocation per message built (target: under 2× raw MimeKit's {Allocated(raw):#,0} B): "
                + $"the library allocates {Allocated(library):#,0} B ({defaultRatio:0.00}×, {(defaultRatio < 2 ? "holds" : "**misses**")}) when it derives the text part from the HTML (the default), "
                + $"and {Allocated(withText):#,0} B ({textRatio:0.00}×, {(textRatio < 2 ? "holds" : "**misses**")}) when it is given the same text as raw MimeKit (`TextBody`).");
        }

        return markdown.ToString();
    }

    private static BenchmarkReport? Find(List<BenchmarkReport> reports, string method) =>
        reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Type == typeof(MessageBuildBenchmarks) && r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);

    private static string Name(BenchmarkReport report) => report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'');

    private static double Median(BenchmarkReport report) => report.ResultStatistics?.Median ?? double.NaN;

    private static long Allocated(BenchmarkReport report) => report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;

    private static string Ratio(double value, double? baseline) =>
        baseline is > 0 && !double.IsNaN(value) ? string.Create(CultureInfo.InvariantCulture, $"{value / baseline.Value:0.00}×") : "–";

    private static string FormatTime(double nanoseconds) => nanoseconds switch
    {
        double.NaN => "–",
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1_000_000:0.00} ms"),
        >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1_000:0.0} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds:0} ns"),
    };
}
