namespace Hyperswitch.Email.TestSupport;

/// <summary>Measures a sending rate from arrival times at a sink: the busiest window, and the mean rate.</summary>
public static class Arrivals
{
    /// <summary>The most arrivals within any window of <paramref name="window"/> (a half-open window starting at an arrival).</summary>
    public static int MaxInAnyWindow(IEnumerable<DateTime> arrivals, TimeSpan window)
    {
        var sorted = arrivals.Order().ToArray();
        var max = 0;
        var end = 0;
        for (var start = 0; start < sorted.Length; start++)
        {
            while (end < sorted.Length && sorted[end] - sorted[start] < window)
            {
                end++;
            }

            max = Math.Max(max, end - start);
        }

        return max;
    }

    /// <summary>Arrivals per calendar second, from the first arrival's second to the last's.</summary>
    public static IReadOnlyList<int> PerSecond(IEnumerable<DateTime> arrivals)
    {
        var seconds = arrivals.Select(a => a.Ticks / TimeSpan.TicksPerSecond).ToArray();
        if (seconds.Length == 0)
        {
            return [];
        }

        var first = seconds.Min();
        var counts = new int[seconds.Max() - first + 1];
        foreach (var second in seconds)
        {
            counts[second - first]++;
        }

        return counts;
    }

    /// <summary>The mean rate, per second, between the first and the last arrival.</summary>
    public static double MeanPerSecond(IEnumerable<DateTime> arrivals)
    {
        var sorted = arrivals.Order().ToArray();
        return sorted.Length < 2 ? 0 : (sorted.Length - 1) / (sorted[^1] - sorted[0]).TotalSeconds;
    }
}
