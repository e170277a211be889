using Microsoft.Extensions.Localization;

// The templates' texts are in Resources/Templates/<Template>.resx, whatever ResourcesPath the application sets.
[assembly: ResourceLocation("Resources")]
[assembly: RootNamespace("Hyperswitch.Email.AspNetCore.Identity")]
