using BenchmarkDotNet.Attributes;
using Hyperswitch.Email.Benchmarks;
using Hyperswitch.Email.Internal;
using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.MicroBenchmarks;

/// <summary>
/// The options snapshot: what every send pays to read the current options (the options monitor, then the library's
/// last-valid-options guard and its settings cache check), and what an options change pays to rebuild the settings.
/// </summary>
[MemoryDiagnoser]
public class OptionsSnapshotBenchmarks
{
    private ServiceProvider _provider = null!;
    private IOptionsMonitor<SmtpOptions> _monitor = null!;
    private LastValidOptions<SmtpOptions> _lastValid = null!;
    private SmtpSettings _settings = null!;

    [GlobalSetup]
    public void Setup()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Email:SenderEmail"] = SampleEmail.SenderAddress,
                ["Email:SenderName"] = SampleEmail.SenderName,
                ["Email:Smtp:Host"] = "127.0.0.1",
                ["Email:Smtp:Port"] = "2525",
                ["Email:Smtp:Connection"] = "plaintext",
            })
            .Build();
        _provider = new ServiceCollection().AddSmtpEmail(configuration).BuildServiceProvider();
        _monitor = _provider.GetRequiredService<IOptionsMonitor<SmtpOptions>>();
        _lastValid = new LastValidOptions<SmtpOptions>(_monitor, _ => { });
        _settings = CreateSettings(_monitor.CurrentValue);
    }

    [GlobalCleanup]
    public void Cleanup() => _provider.Dispose();

    [Benchmark(Baseline = true, Description = "per send: IOptionsMonitor.CurrentValue")]
    public SmtpOptions Monitor() => _monitor.CurrentValue;

    [Benchmark(Description = "per send: library snapshot (last valid options + settings check)")]
    public object PerSend()
    {
        // What SmtpServer does at every send: the current options, and the cached settings while they are the same instance.
        var options = _lastValid.Current;
        return ReferenceEquals(_settings.Options, options) ? _settings : CreateSettings(options);
    }

    [Benchmark(Description = "per options change: SmtpSettings.Create")]
    public object PerChange() => CreateSettings(_monitor.CurrentValue);

    private static SmtpSettings CreateSettings(SmtpOptions options) =>
        SmtpSettings.Create(options, static _ => ValueTask.CompletedTask, static _ => { }, tokens: null);
}
