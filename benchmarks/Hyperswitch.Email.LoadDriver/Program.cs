using Hyperswitch.Email.LoadDriver;

// Usage:
//   LoadDriver run --port 2525 [--host 127.0.0.1] [--security plaintext|starttls --thumbprint SHA256] [--sink NAME]
//                  [--concurrency C] [--clients a,b,...] [--runs 3] [--messages N] [--seconds S] [--warmup-seconds W]
//                  [--initial-warmup-seconds W0] [--csv FILE]
//   LoadDriver summarize FILE.csv...      (Markdown tables of medians, ratios and targets on standard output)
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("LoadDriver run --port PORT [--security plaintext|starttls --thumbprint SHA256] [--concurrency C] [--clients "
        + string.Join(',', ClientKind.All) + "] [--runs 3] [--messages N] [--seconds S] [--warmup-seconds W] [--initial-warmup-seconds W0] [--sink NAME] [--csv FILE]");
    Console.WriteLine("LoadDriver summarize FILE.csv...");
    return 0;
}

if (args[0] == "summarize")
{
    var measurements = args.Skip(1)
        .SelectMany(File.ReadLines)
        .Where(line => line.Length > 0 && line != Measurement.CsvHeader)
        .Select(Measurement.FromCsv)
        .ToList();
    Console.Write(Summary.Render(measurements));
    return 0;
}

DriverOptions options;
try
{
    options = DriverOptions.Parse(args[0] == "run" ? args[1..] : args);
}
catch (Exception exception) when (exception is ArgumentException or FormatException)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

if (options.CsvPath is { } csv && !File.Exists(csv))
{
    File.WriteAllText(csv, Measurement.CsvHeader + "\n");
}

var failed = false;
var mailKit = new RawMailKit(options);
for (var run = options.InitialWarmup > TimeSpan.Zero ? 0 : 1; run <= options.Runs; run++)
{
    // The clients take turns within each round, starting one further each round, so that a drift of the machine
    // (another process, a warmer cache) does not always favour the same client.
    for (var i = 0; i < options.Clients.Count; i++)
    {
        var name = options.Clients[(i + Math.Max(run - 1, 0)) % options.Clients.Count];
        IClientUnderTest client;
        try
        {
            client = name switch
            {
                ClientKind.Library => LibraryClient.Create(options, pooled: false),
                ClientKind.LibraryPooled => LibraryClient.Create(options, pooled: true),
                ClientKind.MailKitDefaults => new MailKitPerMessageClient(mailKit, noDelay: false),
                ClientKind.MailKitNoDelay => new MailKitPerMessageClient(mailKit, noDelay: true),
                _ => new MailKitReusedClient(mailKit),
            };
        }
        catch (Exception exception)
        {
            // For example the pooling keys, on a library that does not know them (it refuses unknown keys at startup).
            Console.Error.WriteLine($"{name}: could not start: {exception.GetType().Name}: {exception.Message}");
            failed = true;
            continue;
        }

        Measurement measurement;
        await using (client)
        {
            if (run == 0)
            {
                // Round 0: every client once, unmeasured, until tiered compilation and PGO have settled.
                await LoadRunner.WarmUpAsync(client, options, options.InitialWarmup);
                continue;
            }

            measurement = await LoadRunner.MeasureAsync(client, options, name, run);
        }

        Console.WriteLine(measurement);
        if (options.CsvPath is { } path)
        {
            File.AppendAllText(path, measurement.ToCsv() + "\n");
        }
    }
}

return failed ? 1 : 0;
