using Hyperswitch.Email.AmazonSes;

namespace Hyperswitch.Email.AmazonSes.Tests;

public sealed class PublicApiTests() : PublicSurfaceTests(typeof(AmazonSesOptions).Assembly);
