using System.Globalization;

namespace Hyperswitch.Email.LoadDriver;

/// <summary>One measurement of one client: one line of the CSV.</summary>
internal sealed record Measurement(
    string Sink,
    string Security,
    int Concurrency,
    string Client,
    int Run,
    int Messages,
    int Errors,
    double Seconds,
    double MessagesPerSecond,
    double P50Milliseconds,
    double P99Milliseconds,
    double AllocatedBytesPerMessage,
    double CpuMicrosecondsPerMessage)
{
    public const string CsvHeader = "sink,security,concurrency,client,run,messages,errors,seconds,msg_per_s,p50_ms,p99_ms,alloc_bytes_per_msg,cpu_us_per_msg";

    public string ToCsv() => string.Join(
        ',',
        Sink,
        Security,
        Concurrency.ToString(CultureInfo.InvariantCulture),
        Client,
        Run.ToString(CultureInfo.InvariantCulture),
        Messages.ToString(CultureInfo.InvariantCulture),
        Errors.ToString(CultureInfo.InvariantCulture),
        Seconds.ToString("0.000", CultureInfo.InvariantCulture),
        MessagesPerSecond.ToString("0.0", CultureInfo.InvariantCulture),
        P50Milliseconds.ToString("0.000", CultureInfo.InvariantCulture),
        P99Milliseconds.ToString("0.000", CultureInfo.InvariantCulture),
        AllocatedBytesPerMessage.ToString("0", CultureInfo.InvariantCulture),
        CpuMicrosecondsPerMessage.ToString("0.0", CultureInfo.InvariantCulture));

    public static Measurement FromCsv(string line)
    {
        var f = line.Split(',');
        if (f.Length != 13)
        {
            throw new FormatException($"Expected 13 fields: {line}");
        }

        static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        static int I(string s) => int.Parse(s, CultureInfo.InvariantCulture);
        return new Measurement(f[0], f[1], I(f[2]), f[3], I(f[4]), I(f[5]), I(f[6]), D(f[7]), D(f[8]), D(f[9]), D(f[10]), D(f[11]), D(f[12]));
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Sink} {Security} C={Concurrency} run {Run} {Client,-22} {MessagesPerSecond,8:0.0} msg/s  p50 {P50Milliseconds,7:0.000} ms  p99 {P99Milliseconds,7:0.000} ms  {Messages,6} sent  {Errors} errors  {AllocatedBytesPerMessage / 1024,6:0.0} KB/msg  {CpuMicrosecondsPerMessage,6:0} µs CPU/msg");
}
