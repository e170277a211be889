// Sends N emails through one client, in this process only, and prints one JSON line: the time from the process's start
// to the first and the second accepted email, msg/s and CPU per message in buckets of sends, and the peak RSS.
// Arguments: <client> <sink port> <sends> (or: dump <html file> <text file>); client is library | library-pooled | mailkit-html | mailkit-multipart | mailkit-reused.
// Run by benchmarks/warmup.sh, one process per client and run, against the same smtp-sink.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hyperswitch.Email.WarmUp;

if (args[0] == "dump")
{
    // The same 4 KB email for nodemailer: its HTML and the text the library derives from it.
    await File.WriteAllTextAsync(args[1], Hyperswitch.Email.Benchmarks.SampleEmail.Html);
    await File.WriteAllTextAsync(args[2], Hyperswitch.Email.Benchmarks.SampleEmail.Text);
    return;
}

var client = args[0];
var port = int.Parse(args[1], CultureInfo.InvariantCulture);
var sends = int.Parse(args[2], CultureInfo.InvariantCulture);
var process = Process.GetCurrentProcess();
var processStart = process.StartTime.ToUniversalTime();

await using var sender = WarmUpClient.Create(client, port);
// The last bucket is the steady state: by 10,000 sends the JIT's background tier-up has settled (the jit* fields show it).
var buckets = new[] { (From: 1, To: 100), (From: 101, To: 1_000), (From: 1_001, To: 5_000), (From: 5_001, To: 10_000), (From: 10_001, To: sends) }
    .Where(b => b.From <= sends)
    .Select(b => (b.From, To: Math.Min(b.To, sends)))
    .ToArray();
var results = new List<object>();
double firstMs = 0, secondMs = 0;
var jitBeforeFirst = TimeSpan.Zero;
var sent = 0;
foreach (var (from, to) in buckets)
{
    var cpu = process.TotalProcessorTime;
    var jitTime = System.Runtime.JitInfo.GetCompilationTime();
    var jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
    var clock = Stopwatch.StartNew();
    for (; sent < to; sent++)
    {
        await sender.SendAsync();
        if (sent == 0)
        {
            firstMs = (DateTime.UtcNow - processStart).TotalMilliseconds;
            jitBeforeFirst = System.Runtime.JitInfo.GetCompilationTime();
        }
        else if (sent == 1)
        {
            secondMs = (DateTime.UtcNow - processStart).TotalMilliseconds;
        }
    }

    clock.Stop();
    process.Refresh();
    var count = to - from + 1;
    results.Add(new
    {
        from,
        to,
        msgPerSecond = Math.Round(count / clock.Elapsed.TotalSeconds, 1),
        cpuMicrosecondsPerMessage = Math.Round((process.TotalProcessorTime - cpu).TotalMicroseconds / count, 0),
        // What the JIT did meanwhile (every thread: tier-0 compiles and the background tier-up): its time and methods.
        jitMilliseconds = Math.Round((System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds, 1),
        jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods,
    });
}

process.Refresh();
Console.WriteLine(JsonSerializer.Serialize(new
{
    client,
    firstMs = Math.Round(firstMs, 1),
    secondMs = Math.Round(secondMs, 1),
    peakRssMb = Math.Round(process.PeakWorkingSet64 / 1024.0 / 1024.0, 1),
    jitMillisecondsBeforeFirst = Math.Round(jitBeforeFirst.TotalMilliseconds, 1),
    buckets = results,
}));
