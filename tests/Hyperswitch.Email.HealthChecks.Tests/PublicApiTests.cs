using Microsoft.Extensions.DependencyInjection;

namespace Hyperswitch.Email.HealthChecks.Tests;

public sealed class PublicApiTests() : PublicSurfaceTests(typeof(EmailHealthChecksBuilderExtensions).Assembly);
