using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hyperswitch.Email.EntityFrameworkCore.Tests;

/// <summary>The outbox composes with the public <see cref="IEmailComposer"/> and dispatches through the client's send pipeline.</summary>
public sealed class OutboxPipelineTests(Smtp4devPlainFixture smtp) : IClassFixture<Smtp4devPlainFixture>
{
    private Smtp4dev Sink => smtp.Sink;

    [Fact]
    public async Task AddEmailAsync_BehindADecoratorOfTheClient_IsQueuedAndTheSendHookSeesTheDispatch()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        var hook = new RecordingHook();
        await using var app = await OutboxHost.StartAsync(database, Sink.SmtpPort, services: services =>
        {
            services.AddSingleton<IEmailSendHook>(hook);
            services.Decorate<IEmailClient>(inner => new ForwardingClient(inner));
        });
        var subject = $"Hooked {Guid.NewGuid():N}";

        EmailOutboxMessage queued;
        using (var scope = app.Services.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<OutboxTestContext>();
            queued = await context.AddEmailAsync(new EmailMessage("jane@example.com", subject, "<p>x</p>"));
            await context.SaveChangesAsync();
        }

        await Sink.WaitForMessageAsync(subject);
        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Single().Status == EmailOutboxStatus.Sent));
        var sent = Assert.Single(hook.Sent);
        Assert.Equal(queued.MessageId, sent.Email.MessageId);
        Assert.Equal("SMTP", sent.Provider);
        Assert.Single(hook.Sending);
    }

    [Fact]
    public async Task Dispatch_WithTheStagingRedirect_SendsOnlyToTheRedirectAddressAndTheRowIsSent()
    {
        await using var relay = new ScriptedSmtpServer();
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, relay.Port, settings: new Dictionary<string, string?>
        {
            ["Email:Redirect:To"] = "staging@shop.example",
        });

        var queued = await app.Outbox.EnqueueAsync(new EmailMessage("jane@customer.example", "Welcome", "<p>x</p>") { Cc = { "bob@customer.example" } });

        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Single().Status == EmailOutboxStatus.Sent));
        var received = Assert.Single(relay.Messages);
        Assert.Equal(["RCPT TO:<staging@shop.example>"], received.Recipients);
        Assert.Contains("X-Original-To: jane@customer.example", received.Content, StringComparison.Ordinal);
        Assert.Contains("Subject: [Redirected] Welcome", received.Content, StringComparison.Ordinal);
        Assert.Contains(queued.MessageId, received.Content, StringComparison.Ordinal);

        // The stored message is the original: the redirect applies when it is sent, as the configuration then says.
        Assert.Contains("To: jane@customer.example", System.Text.Encoding.UTF8.GetString((await database.RowsAsync()).Single().Content), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddEmailAsync_Canceled_QueuesNothing()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, Sink.SmtpPort);
        using var scope = app.Services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<OutboxTestContext>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => context.AddEmailAsync(new EmailMessage("jane@example.com", "Hi", "<p>x</p>"), new CancellationToken(canceled: true)));
        await context.SaveChangesAsync();

        Assert.Empty(await database.RowsAsync());
    }

    [Fact]
    public async Task AddEmail_ComposerThatCompletesAsynchronously_IsRefusedSayingToAwait_AndAddEmailAsyncQueues()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        YieldingComposer? composer = null;
        await using var app = await OutboxHost.StartAsync(database, Sink.SmtpPort, services: services =>
            services.Decorate<IEmailComposer>(inner => composer = new YieldingComposer(inner)));
        var subject = $"Async composer {Guid.NewGuid():N}";
        using var scope = app.Services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<OutboxTestContext>();

        var refused = Assert.Throws<NotSupportedException>(() => context.AddEmail(new EmailMessage("jane@example.com", subject, "<p>x</p>")));
        Assert.Contains("AddAsync", refused.Message, StringComparison.Ordinal);
        composer!.Release();
        await context.AddEmailAsync(new EmailMessage("jane@example.com", subject, "<p>x</p>"));
        await context.SaveChangesAsync();

        await Sink.WaitForMessageAsync(subject);
        Assert.Single(await database.RowsAsync());
    }

    /// <summary>A decorator of the kind users write: it forwards <c>SendAsync</c> and nothing else; the outbox does not depend on it.</summary>
    private sealed class ForwardingClient(IEmailClient inner) : IEmailClient
    {
        public Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default) => inner.SendAsync(message, cancellationToken);
    }

    /// <summary>A composer that finishes later (once released), as one rendering a template or checking a list over the network would.</summary>
    private sealed class YieldingComposer(IEmailComposer inner) : IEmailComposer
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.TrySetResult();

        public async ValueTask<PreparedEmail> ComposeAsync(EmailMessage message, CancellationToken cancellationToken = default)
        {
            await _released.Task.WaitAsync(cancellationToken);
            return await inner.ComposeAsync(message, cancellationToken);
        }
    }

    private sealed class RecordingHook : IEmailSendHook
    {
        public ConcurrentQueue<EmailSendContext> Sending { get; } = new();

        public ConcurrentQueue<EmailSendContext> Sent { get; } = new();

        public ValueTask OnSendingAsync(EmailSendContext context, CancellationToken cancellationToken)
        {
            Sending.Enqueue(context);
            return ValueTask.CompletedTask;
        }

        public ValueTask OnSentAsync(EmailSendContext context, CancellationToken cancellationToken)
        {
            Sent.Enqueue(context);
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Wraps a registered service as an application's decorator would (Scrutor's <c>Decorate</c>, by hand).</summary>
internal static class DecorateExtensions
{
    public static IServiceCollection Decorate<TService>(this IServiceCollection services, Func<TService, TService> decorate)
        where TService : class
    {
        var registered = services.Last(d => d.ServiceType == typeof(TService));
        services.Remove(registered);
        services.AddSingleton(provider => decorate((TService)(registered.ImplementationFactory?.Invoke(provider)
            ?? registered.ImplementationInstance
            ?? ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!))));
        return services;
    }
}
