using System.Globalization;

namespace Hyperswitch.Email.LoadDriver;

/// <summary>The command line of a load run: where to send, how much, how long, and where to write the results.</summary>
internal sealed record DriverOptions
{
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; }

    /// <summary><c>plaintext</c> or <c>starttls</c>.</summary>
    public string Security { get; init; } = "plaintext";

    /// <summary>The SHA-256 thumbprint of the sink's certificate, trusted by every client (STARTTLS only).</summary>
    public string? Thumbprint { get; init; }

    /// <summary>The name of the sink, for the results (<c>smtp-sink</c>, <c>smtp4dev</c>).</summary>
    public string Sink { get; init; } = "sink";

    public int Concurrency { get; init; } = 1;

    public IReadOnlyList<string> Clients { get; init; } = ClientKind.All;

    /// <summary>How many times each client is measured; the clients take turns within each round.</summary>
    public int Runs { get; init; } = 3;

    /// <summary>The most messages one measurement sends.</summary>
    public int Messages { get; init; } = 20_000;

    /// <summary>How long one measurement issues new sends; sends in flight then finish.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long each client sends, unmeasured, before each measurement (JIT, TLS session caches, pool).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>How long each client sends, unmeasured, once before the first round, so that the JIT has settled.</summary>
    public TimeSpan InitialWarmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The CSV file the measurements are appended to, or <see langword="null"/>.</summary>
    public string? CsvPath { get; init; }

    public bool StartTls => Security == "starttls";

    public static DriverOptions Parse(IReadOnlyList<string> args)
    {
        var options = new DriverOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--host" => options with { Host = Value() },
                "--port" => options with { Port = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--security" => options with { Security = Value().ToLowerInvariant() },
                "--thumbprint" => options with { Thumbprint = Value() },
                "--sink" => options with { Sink = Value() },
                "--concurrency" => options with { Concurrency = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--clients" => options with { Clients = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--runs" => options with { Runs = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--messages" => options with { Messages = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--seconds" => options with { Duration = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--warmup-seconds" => options with { Warmup = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--initial-warmup-seconds" => options with { InitialWarmup = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--csv" => options with { CsvPath = Value() },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }

        if (options.Port is < 1 or > 65535)
        {
            throw new ArgumentException("--port is required (1-65535).");
        }

        if (options.Security is not ("plaintext" or "starttls"))
        {
            throw new ArgumentException("--security must be plaintext or starttls.");
        }

        if (options.StartTls && string.IsNullOrEmpty(options.Thumbprint))
        {
            throw new ArgumentException("--thumbprint is required with --security starttls.");
        }

        if (options.Concurrency < 1 || options.Runs < 1 || options.Messages < 1 || options.Duration <= TimeSpan.Zero)
        {
            throw new ArgumentException("--concurrency, --runs, --messages and --seconds must be positive.");
        }

        var unknown = options.Clients.Except(ClientKind.All).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown client(s) {string.Join(", ", unknown)}; known: {string.Join(", ", ClientKind.All)}.");
        }

        return options;
    }
}
