namespace Hyperswitch.Email.Suppressions.Bounces;

/// <summary>What one read of the bounce mailbox did.</summary>
public sealed class EmailBounceProcessingResult
{
    internal EmailBounceProcessingResult(int processed, int hardBounces, int transientBounces, int complaints)
    {
        Processed = processed;
        HardBounces = hardBounces;
        TransientBounces = transientBounces;
        Complaints = complaints;
    }

    /// <summary>Gets how many new messages were read and marked processed (reports or not).</summary>
    public int Processed { get; }

    /// <summary>Gets how many recipients of delivery status notifications failed for good with a hard-bounce code (and were suppressed).</summary>
    public int HardBounces { get; }

    /// <summary>Gets how many recipients of delivery status notifications were delayed or failed for now (<c>4.x.x</c>; not suppressed).</summary>
    public int TransientBounces { get; }

    /// <summary>Gets how many complaint reports (ARF) were read (their recipients suppressed).</summary>
    public int Complaints { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Processed} processed: {HardBounces} hard bounces, {TransientBounces} transient, {Complaints} complaints";
}
