using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Hyperswitch.Email.Benchmarks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hyperswitch.Email.OutboxBenchmarks;

/// <summary>
/// What one build of the outbox costs against another (benchmarks/outbox-compare.sh builds this file against both):
///   enqueue-to-sent   one email at a time: from the SaveChanges that enqueues it to its outcome recorded as sent
///   drain             the dispatcher's throughput on a backlog, per connection and pooled
/// Usage: attempt-cost --label L --smtp-port P [--postgres "<connection string>"] [--emails N] [--latency-emails N] --csv file
///        attempt-cost-report --csv file [--baseline L] [--markdown file]
/// </summary>
internal static class AttemptCost
{
    public static async Task MainAsync(string[] args)
    {
        var arguments = Arguments.Parse(args[1..]);
        var csv = arguments.Required("--csv");
        if (args[0] == "attempt-cost-report")
        {
            var table = Report(await File.ReadAllLinesAsync(csv), arguments.Optional("--baseline") ?? "before");
            if (arguments.Optional("--markdown") is { } markdown)
            {
                await File.WriteAllTextAsync(markdown, table);
            }

            Console.Out.Write(table);
            return;
        }

        var label = arguments.Required("--label");
        var relay = new Relay("smtp-sink", int.Parse(arguments.Required("--smtp-port"), CultureInfo.InvariantCulture), null);
        var emails = int.Parse(arguments.Optional("--emails") ?? "2000", CultureInfo.InvariantCulture);
        var latencyEmails = int.Parse(arguments.Optional("--latency-emails") ?? "300", CultureInfo.InvariantCulture);
        var engines = new List<Engine> { Engine.Sqlite() };
        if (arguments.Optional("--postgres") is { } postgres)
        {
            engines.Add(Engine.PostgreSql(postgres));
        }

        var rows = new List<string>();
        foreach (var engine in engines)
        {
            foreach (var ms in await EnqueueToSentAsync(engine, relay, latencyEmails))
            {
                rows.Add(Row(label, engine.Name, "enqueue-to-sent (ms)", ms));
            }

            foreach (var pooled in new[] { false, true })
            {
                var rate = await Bench.DrainAsync(engine, relay, emails, pooled);
                rows.Add(Row(label, engine.Name, pooled ? "drain, pooled (emails/s)" : "drain, connection per email (emails/s)", rate));
                Console.Error.WriteLine($"{label} {engine.Name} drain{(pooled ? " pooled" : string.Empty)}: {rate:0} emails/s");
            }
        }

        await File.AppendAllLinesAsync(csv, rows);
    }

    /// <summary>Milliseconds from enqueuing each email (sequentially, after 30 warm-up emails) to its outcome recorded as sent.</summary>
    private static async Task<List<double>> EnqueueToSentAsync(Engine engine, Relay relay, int emails)
    {
        var connection = await engine.FreshAsync();
        using var sent = new SemaphoreSlim(0);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "hyperswitch.email.outbox.sent")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => sent.Release());
        listener.Start();
        using var host = await Bench.StartAsync(engine, connection, relay, pooled: false, dispatch: true);
        var samples = new List<double>(emails);
        for (var i = -30; i < emails; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using (var scope = host.Services.CreateScope())
            {
                var context = scope.ServiceProvider.GetRequiredService<BenchContext>();
                context.AddEmail(new EmailMessage(SampleEmail.Recipient, SampleEmail.Subject, SampleEmail.Html));
                await context.SaveChangesAsync();
            }

            if (!await sent.WaitAsync(TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException("An enqueued email was not sent within 30 s.");
            }

            if (i >= 0)
            {
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        await host.StopAsync();
        Console.Error.WriteLine($"enqueue-to-sent {engine.Name}: p50 {Bench.Percentile(samples, 50):0.00} ms, p99 {Bench.Percentile(samples, 99):0.00} ms");
        return samples;
    }

    private static string Row(string label, string engine, string metric, double value) =>
        string.Join('\t', label, engine, metric, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>One line per database and figure: each build's median (and p99 for latency), and the change against <paramref name="baseline"/>.</summary>
    private static string Report(string[] lines, string baseline)
    {
        var rows = lines.Where(l => l.Length > 0).Select(l => l.Split('\t'))
            .Select(f => (Label: f[0], Engine: f[1], Metric: f[2], Value: double.Parse(f[3], CultureInfo.InvariantCulture)))
            .ToList();
        var labels = rows.Select(r => r.Label).Distinct().OrderBy(l => l == baseline ? 0 : 1).ToList();
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"| database | figure | {string.Join(" | ", labels)} | change |");
        table.AppendLine(CultureInfo.InvariantCulture, $"|---|---|{string.Concat(labels.Select(_ => "---:|"))}---:|");
        foreach (var group in rows.GroupBy(r => (r.Engine, r.Metric)))
        {
            var figures = group.Key.Metric.StartsWith("enqueue", StringComparison.Ordinal)
                ? new[] { ("p50", 50.0), ("p99", 99.0) }
                : new[] { ("median of runs", 50.0) };
            foreach (var (name, percentile) in figures)
            {
                var values = labels.Select(l => Bench.Percentile(group.Where(r => r.Label == l).Select(r => r.Value).ToList(), percentile)).ToList();
                var change = (values[^1] / values[0]) - 1;
                var runs = group.Key.Metric.StartsWith("drain", StringComparison.Ordinal)
                    ? labels.Select(l => $" ({string.Join(", ", group.Where(r => r.Label == l).Select(r => r.Value.ToString("0", CultureInfo.InvariantCulture)))})").ToList()
                    : labels.Select(_ => string.Empty).ToList();
                table.AppendLine(CultureInfo.InvariantCulture,
                    $"| {group.Key.Engine} | {group.Key.Metric}, {name} | {string.Join(" | ", values.Select((v, i) => v.ToString("0.00", CultureInfo.InvariantCulture) + runs[i]))} | {change:+0.0%;-0.0%} |");
            }
        }

        return table.ToString();
    }
}
