using BenchmarkDotNet.Running;
using Hyperswitch.Email.MicroBenchmarks;

// Usage: MicroBenchmarks [--markdown FILE] [BenchmarkDotNet arguments, e.g. --filter '*']
// With --markdown, the table of time and bytes allocated per operation, with ratios to each class's baseline, is written to FILE.
var arguments = args.ToList();
string? markdownPath = null;
var index = arguments.IndexOf("--markdown");
if (index >= 0)
{
    markdownPath = index + 1 < arguments.Count ? arguments[index + 1] : throw new ArgumentException("--markdown needs a file name.");
    arguments.RemoveRange(index, 2);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(MessageBuildBenchmarks).Assembly).Run([.. arguments], BenchmarkConfig.Create()).ToList();
if (markdownPath is not null)
{
    File.WriteAllText(markdownPath, AllocationReport.Render(summaries));
}

return summaries.Count > 0 && summaries.All(s => !s.HasCriticalValidationErrors && s.Reports.All(r => r.Success)) ? 0 : 1;
