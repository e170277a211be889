// The outbox's costs, measured against a real sink (Postfix's smtp-sink) and real databases (a SQLite file, PostgreSQL):
//   latency   a signup request: insert the user, then send the email directly, or enqueue it in the same SaveChanges
//   drain     the dispatcher's throughput on a backlog, sending per connection (the default) or pooled
// Usage: dotnet Hyperswitch.Email.OutboxBenchmarks.dll --smtp-port P [--postgres "<connection string>"] [--requests N]
//        [--emails N] [--runs N] [--markdown file]
//    or: dotnet Hyperswitch.Email.OutboxBenchmarks.dll attempt-cost ... (see AttemptCost.cs: one build against another)
using System.Diagnostics;
using System.Globalization;
using Hyperswitch.Email;
using Hyperswitch.Email.Benchmarks;
using Hyperswitch.Email.EntityFrameworkCore;
using Hyperswitch.Email.OutboxBenchmarks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

if (args.Length > 0 && args[0] is "attempt-cost" or "attempt-cost-report")
{
    await AttemptCost.MainAsync(args);
    return;
}

var arguments = Arguments.Parse(args);
var smtpPort = int.Parse(arguments.Required("--smtp-port"), CultureInfo.InvariantCulture);
var postgres = arguments.Optional("--postgres");
var requests = int.Parse(arguments.Optional("--requests") ?? "500", CultureInfo.InvariantCulture);
var emails = int.Parse(arguments.Optional("--emails") ?? "2000", CultureInfo.InvariantCulture);
var runs = int.Parse(arguments.Optional("--runs") ?? "3", CultureInfo.InvariantCulture);
var markdown = arguments.Optional("--markdown");
var tlsPort = arguments.Optional("--starttls-port");
var tlsThumbprint = arguments.Optional("--starttls-thumbprint");
var relays = new List<Relay> { new("direct send", smtpPort, null) };
if (tlsPort is not null)
{
    relays.Add(new("direct send, STARTTLS (smtp4dev)", int.Parse(tlsPort, CultureInfo.InvariantCulture), tlsThumbprint));
}

var engines = new List<Engine> { Engine.Sqlite() };
if (postgres is not null)
{
    engines.Add(Engine.PostgreSql(postgres));
}

var latency = new List<(string Engine, string Path, List<double> Milliseconds)>();
var drain = new List<(string Engine, string Mode, List<double> EmailsPerSecond)>();
foreach (var engine in engines)
{
    foreach (var (path, relay, enqueue) in relays.Select(r => (r.Name, r, false)).Append(("outbox enqueue", relays[0], true)))
    {
        var samples = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            samples.AddRange(await Bench.SignupLatencyAsync(engine, relay, requests, enqueue));
        }

        latency.Add((engine.Name, path, samples));
        Console.Error.WriteLine($"latency {engine.Name} {path}: p50 {Bench.Percentile(samples, 50):0.00} ms, p99 {Bench.Percentile(samples, 99):0.00} ms");
    }

    foreach (var pooled in new[] { false, true })
    {
        var rates = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            rates.Add(await Bench.DrainAsync(engine, relays[0], emails, pooled));
        }

        var mode = pooled ? "pooled connections" : "connection per email";
        drain.Add((engine.Name, mode, rates));
        Console.Error.WriteLine($"drain {engine.Name} {mode}: {string.Join(", ", rates.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))} emails/s");
    }
}

var table = new System.Text.StringBuilder();
table.AppendLine(CultureInfo.InvariantCulture, $"Latency of one signup request ({requests} sequential requests × {runs} runs, after a warm-up): insert the user, then either send the email (a fresh SMTP connection, as by default; to smtp-sink in plaintext and, where given, to smtp4dev with STARTTLS) or add it to the outbox in the same `SaveChanges`. The dispatcher runs meanwhile (sending to smtp-sink), as in production.");
table.AppendLine();
table.AppendLine("| database | path | p50 (ms) | p99 (ms) | mean (ms) |");
table.AppendLine("|---|---|---:|---:|---:|");
foreach (var (engine, path, samples) in latency)
{
    table.AppendLine(CultureInfo.InvariantCulture, $"| {engine} | {path} | {Bench.Percentile(samples, 50):0.00} | {Bench.Percentile(samples, 99):0.00} | {samples.Average():0.00} |");
}

table.AppendLine();
table.AppendLine(CultureInfo.InvariantCulture, $"Dispatcher throughput: {emails} emails enqueued ahead, then one dispatcher (batches of 50, 4 sends at a time) drains them to smtp-sink; emails per second from its start to the last one recorded as sent, {runs} runs.");
table.AppendLine();
table.AppendLine("| database | sending | median (emails/s) | runs |");
table.AppendLine("|---|---|---:|---|");
foreach (var (engine, mode, rates) in drain)
{
    table.AppendLine(CultureInfo.InvariantCulture, $"| {engine} | {mode} | {Bench.Percentile(rates, 50):0} | {string.Join(", ", rates.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))} |");
}

if (markdown is not null)
{
    await File.WriteAllTextAsync(markdown, table.ToString());
}

Console.Out.Write(table);

namespace Hyperswitch.Email.OutboxBenchmarks
{
    /// <summary>An SMTP server to send to: plaintext, or STARTTLS with the one certificate to trust.</summary>
    internal sealed record Relay(string Name, int Port, string? Thumbprint);

    /// <summary>A database to benchmark on: a fresh SQLite file, or a fresh database on a PostgreSQL server.</summary>
    internal sealed record Engine(string Name, Func<string, Action<DbContextOptionsBuilder>> Configure, Func<string, Task<string>> CreateDatabase)
    {
        private static int _next;

        public static Engine Sqlite() => new(
            "SQLite (file, WAL)",
            connection => options => options.UseSqlite(connection),
            name => Task.FromResult($"Data Source={Path.Combine(Path.GetTempPath(), $"outbox-bench-{Environment.ProcessId}-{name}.db")}"));

        public static Engine PostgreSql(string server) => new(
            "PostgreSQL",
            connection => options => options.UseNpgsql(connection),
            async name =>
            {
                var builder = new Npgsql.NpgsqlConnectionStringBuilder(server);
                await using (var admin = new Npgsql.NpgsqlConnection(builder.ConnectionString))
                {
                    await admin.OpenAsync();
                    await using var create = admin.CreateCommand();
                    create.CommandText = $"CREATE DATABASE bench_{name}";
                    await create.ExecuteNonQueryAsync();
                }

                builder.Database = $"bench_{name}";
                return builder.ConnectionString;
            });

        /// <summary>Creates a fresh database with the schema and returns its connection string.</summary>
        public async Task<string> FreshAsync()
        {
            var connection = await CreateDatabase($"{Environment.ProcessId}_{Interlocked.Increment(ref _next)}");
            var options = new DbContextOptionsBuilder<BenchContext>();
            Configure(connection)(options);
            await using var context = new BenchContext(options.Options);
            await context.Database.EnsureDeletedAsync();
            await context.Database.EnsureCreatedAsync();
            if (context.Database.IsSqlite())
            {
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }

            return connection;
        }
    }

    internal sealed class BenchContext(DbContextOptions<BenchContext> options) : DbContext(options)
    {
        public DbSet<BenchUser> Users => Set<BenchUser>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddEmailOutbox();
    }

    internal sealed class BenchUser
    {
        public int Id { get; set; }

        public string Email { get; set; } = string.Empty;
    }

    internal static class Bench
    {
        /// <summary>Milliseconds per signup request, sequential, after 50 warm-up requests.</summary>
        public static async Task<List<double>> SignupLatencyAsync(Engine engine, Relay relay, int requests, bool enqueue)
        {
            var connection = await engine.FreshAsync();
            using var host = await StartAsync(engine, connection, relay, pooled: false, dispatch: true);
            var client = host.Services.GetRequiredService<IEmailClient>();
            var samples = new List<double>(requests);
            for (var i = -50; i < requests; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using (var scope = host.Services.CreateScope())
                {
                    var context = scope.ServiceProvider.GetRequiredService<BenchContext>();
                    context.Users.Add(new BenchUser { Email = $"user{i}@example.com" });
                    var message = new EmailMessage(SampleEmail.Recipient, SampleEmail.Subject, SampleEmail.Html);
                    if (enqueue)
                    {
                        context.AddEmail(message);
                        await context.SaveChangesAsync();
                    }
                    else
                    {
                        await context.SaveChangesAsync();
                        await client.SendAsync(message);
                    }
                }

                if (i >= 0)
                {
                    samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }

            await WaitUntilDrainedAsync(host);
            await host.StopAsync();
            return samples;
        }

        /// <summary>Emails per second for one dispatcher draining a backlog of <paramref name="emails"/>.</summary>
        public static async Task<double> DrainAsync(Engine engine, Relay relay, int emails, bool pooled)
        {
            var connection = await engine.FreshAsync();
            using (var enqueuer = await StartAsync(engine, connection, relay, pooled, dispatch: false))
            {
                for (var done = 0; done < emails; done += 500)
                {
                    using var scope = enqueuer.Services.CreateScope();
                    var context = scope.ServiceProvider.GetRequiredService<BenchContext>();
                    for (var i = done; i < Math.Min(emails, done + 500); i++)
                    {
                        context.AddEmail(new EmailMessage(SampleEmail.Recipient, SampleEmail.Subject, SampleEmail.Html));
                    }

                    await context.SaveChangesAsync();
                }

                await enqueuer.StopAsync();
            }

            var clock = Stopwatch.StartNew();
            using var host = await StartAsync(engine, connection, relay, pooled, dispatch: true);
            await WaitUntilDrainedAsync(host);
            clock.Stop();
            await host.StopAsync();
            return emails / clock.Elapsed.TotalSeconds;
        }

        public static double Percentile(List<double> values, double percentile)
        {
            var sorted = values.Order().ToList();
            var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
        }

        public static async Task WaitUntilDrainedAsync(IHost host)
        {
            var outbox = host.Services.GetRequiredService<IEmailOutbox>();
            var deadline = Stopwatch.StartNew();
            while ((await outbox.GetStatisticsAsync()).Pending > 0)
            {
                if (deadline.Elapsed > TimeSpan.FromMinutes(5))
                {
                    throw new TimeoutException("The outbox did not drain within 5 minutes.");
                }

                await Task.Delay(5);
            }
        }

        public static async Task<IHost> StartAsync(Engine engine, string connection, Relay relay, bool pooled, bool dispatch)
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Email:SenderEmail"] = SampleEmail.SenderAddress,
                ["Email:SenderName"] = SampleEmail.SenderName,
                ["Email:Smtp:Host"] = "127.0.0.1",
                ["Email:Smtp:Port"] = relay.Port.ToString(CultureInfo.InvariantCulture),
                ["Email:Smtp:Connection"] = relay.Thumbprint is null ? "plaintext" : "starttls",
                ["Email:Smtp:TrustedCertificateThumbprint"] = relay.Thumbprint,
                ["Email:Smtp:Pooling:Enabled"] = pooled ? "true" : "false",
                ["EmailOutbox:DispatcherEnabled"] = dispatch ? "true" : "false",
                ["EmailOutbox:PollInterval"] = "00:00:01",
            });
            builder.Services.AddSmtpEmail(builder.Configuration);
            builder.Services.AddDbContext<BenchContext>(engine.Configure(connection));
            builder.Services.AddEmailOutbox<BenchContext>(builder.Configuration);
            var host = builder.Build();
            await host.StartAsync();
            return host;
        }
    }

    internal sealed class Arguments(Dictionary<string, string> values)
    {
        public static Arguments Parse(string[] args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                values[args[i]] = args[i + 1];
            }

            return new Arguments(values);
        }

        public string Required(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"{name} is required.");

        public string? Optional(string name) => values.GetValueOrDefault(name);
    }
}
