namespace Hyperswitch.Email.Templates.Tests.Templates;

public sealed record WelcomeModel(string Name, string Token, DateTimeOffset ExpiresAt, decimal Credit);
