using System.Globalization;
using System.Text;

namespace Hyperswitch.Email.LoadDriver;

/// <summary>Turns the CSV of a matrix run into the Markdown tables of docs/performance.md: medians, ratios, targets.</summary>
internal static class Summary
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// The sink the targets are judged on: the issue measured them against Postfix's smtp-sink, which costs next to
    /// nothing per session. Against smtp4dev, its own cost per session (TLS handshake included) dominates every client.
    /// </summary>
    private const string TargetSink = "smtp-sink";

    /// <summary>The ratios the issue sets targets for, each measured within one round (same process, same sink, minutes apart at most).</summary>
    private static readonly Ratio[] Ratios =
    [
        new("library per-send / raw MailKit NoDelay per-send", ClientKind.Library, ClientKind.MailKitNoDelay, 1, 0.9),
        new("library per-send / raw MailKit NoDelay per-send", ClientKind.Library, ClientKind.MailKitNoDelay, 8, null),
        new("library per-send / raw MailKit defaults", ClientKind.Library, ClientKind.MailKitDefaults, 1, 30),
        new("library per-send / raw MailKit defaults", ClientKind.Library, ClientKind.MailKitDefaults, 8, null),
        new("library pooled / raw MailKit reused NoDelay", ClientKind.LibraryPooled, ClientKind.MailKitReused, 1, 0.9),
        new("library pooled / raw MailKit reused NoDelay", ClientKind.LibraryPooled, ClientKind.MailKitReused, 8, 0.9),
    ];

    private static readonly Dictionary<string, string> Descriptions = new()
    {
        [ClientKind.Library] = "library, per-send (`AddSmtpEmail` + `SendAsync`, the default)",
        [ClientKind.LibraryPooled] = "library, pooled (`Email:Smtp:Pooling:Enabled=true`, MaxConnections = C)",
        [ClientKind.MailKitDefaults] = "raw MailKit, new client per message, defaults",
        [ClientKind.MailKitNoDelay] = "raw MailKit, new client per message, `NoDelay` socket",
        [ClientKind.MailKitReused] = "raw MailKit, one connection per worker reused, `NoDelay`",
    };

    public static string Render(IReadOnlyList<Measurement> measurements)
    {
        var markdown = new StringBuilder();
        var setups = measurements
            .Select(m => (m.Sink, m.Security, m.Concurrency))
            .Distinct()
            .OrderBy(s => s.Security == "plaintext" ? 0 : 1).ThenBy(s => s.Sink, StringComparer.Ordinal).ThenBy(s => s.Concurrency)
            .ToList();
        var clients = ClientKind.All.Where(c => measurements.Any(m => m.Client == c)).ToList();
        var runs = measurements.Select(m => m.Run).Distinct().Count();

        markdown.AppendLine(Invariant, $"### Throughput, msg/s (median of {runs} runs)").AppendLine();
        markdown.Append("| client |");
        setups.ForEach(s => markdown.Append(Invariant, $" {s.Sink} {Label(s.Security)}, C = {s.Concurrency} |"));
        markdown.AppendLine().Append("|---|");
        setups.ForEach(_ => markdown.Append("---:|"));
        markdown.AppendLine();
        foreach (var client in clients)
        {
            markdown.Append(Invariant, $"| {Descriptions[client]} |");
            foreach (var setup in setups)
            {
                var of = Of(measurements, setup, client);
                markdown.Append(of.Count == 0 ? " – |" : string.Create(Invariant, $" {Median(of.Select(m => m.MessagesPerSecond)):#,0} |"));
            }

            markdown.AppendLine();
        }

        markdown.AppendLine().AppendLine("### Details (medians; msg/s with the range over the runs)").AppendLine();
        markdown.AppendLine("| sink | C | client | msg/s (min–max) | p50 ms | p99 ms | errors | KB allocated / msg | CPU µs / msg (driver) |");
        markdown.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var setup in setups)
        {
            foreach (var client in clients)
            {
                var of = Of(measurements, setup, client);
                if (of.Count == 0)
                {
                    continue;
                }

                markdown.AppendLine(Invariant, $"| {setup.Sink} {Label(setup.Security)} | {setup.Concurrency} | {client} | {Median(of.Select(m => m.MessagesPerSecond)):#,0} ({of.Min(m => m.MessagesPerSecond):#,0}–{of.Max(m => m.MessagesPerSecond):#,0}) | {Median(of.Select(m => m.P50Milliseconds)):0.000} | {Median(of.Select(m => m.P99Milliseconds)):0.000} | {of.Sum(m => m.Errors)} | {Median(of.Select(m => m.AllocatedBytesPerMessage)) / 1024:0.0} | {Median(of.Select(m => m.CpuMicrosecondsPerMessage)):0} |");
            }
        }

        markdown.AppendLine().AppendLine("### Ratios and targets (msg/s over msg/s within each run; the median of the runs)").AppendLine();
        markdown.AppendLine(Invariant, $"The targets are judged against {TargetSink}, as in the issue; the other sink's ratios are shown for information.").AppendLine();
        markdown.AppendLine("| sink | ratio | C | per run | median | target | holds |");
        markdown.AppendLine("|---|---|---:|---|---:|---:|---|");
        foreach (var (sink, security) in setups.Select(s => (s.Sink, s.Security)).Distinct())
        {
            foreach (var ratio in Ratios)
            {
                var perRun = PerRun(measurements, sink, security, ratio);
                if (perRun.Count == 0)
                {
                    continue;
                }

                var median = Median(perRun);
                var judged = sink == TargetSink ? ratio.Target : null;
                var target = judged is { } t ? string.Create(Invariant, $"≥ {t:0.##}×") : "–";
                var holds = judged is { } goal ? (median >= goal ? "yes" : string.Create(Invariant, $"**no**: {median / goal:0%} of it")) : "–";
                markdown.AppendLine(Invariant, $"| {sink} {Label(security)} | {ratio.Name} | {ratio.Concurrency} | {string.Join(", ", perRun.Select(r => r.ToString("0.00", Invariant)))} | {median:0.00}× | {target} | {holds} |");
            }
        }

        return markdown.ToString();
    }

    private static string Label(string security) => security == "starttls" ? "STARTTLS" : "plaintext";

    private static List<Measurement> Of(IReadOnlyList<Measurement> measurements, (string Sink, string Security, int Concurrency) setup, string client) =>
        measurements.Where(m => m.Sink == setup.Sink && m.Security == setup.Security && m.Concurrency == setup.Concurrency && m.Client == client).ToList();

    private static List<double> PerRun(IReadOnlyList<Measurement> measurements, string sink, string security, Ratio ratio)
    {
        var ofSetup = measurements.Where(m => m.Sink == sink && m.Security == security && m.Concurrency == ratio.Concurrency).ToList();
        return ofSetup
            .Where(m => m.Client == ratio.Numerator)
            .Join(ofSetup.Where(m => m.Client == ratio.Denominator), m => m.Run, m => m.Run, (n, d) => d.MessagesPerSecond > 0 ? n.MessagesPerSecond / d.MessagesPerSecond : 0)
            .ToList();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return 0;
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private sealed record Ratio(string Name, string Numerator, string Denominator, int Concurrency, double? Target);
}
