namespace Hyperswitch.Email.LoadDriver;

/// <summary>One way of sending, set up once per measurement and shared by the workers.</summary>
internal interface IClientUnderTest : IAsyncDisposable
{
    /// <summary>Creates the state of one worker (for example its own connection).</summary>
    IWorker CreateWorker();
}

/// <summary>What one worker (one of the C concurrent senders) sends with, one message at a time.</summary>
internal interface IWorker : IAsyncDisposable
{
    /// <summary>Builds the sample message and sends it.</summary>
    Task SendAsync(CancellationToken cancellationToken);
}
