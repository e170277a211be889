using Microsoft.Extensions.Localization;

[assembly: ResourceLocation("Resources")]
[assembly: RootNamespace("Hyperswitch.Email.Templates.Tests")]
