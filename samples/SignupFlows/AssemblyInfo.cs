using Microsoft.Extensions.Localization;

// The emails' texts: Resources/Emails/<Template>.resx (English, the default) and <Template>.de.resx (German).
[assembly: ResourceLocation("Resources")]
[assembly: RootNamespace("SignupFlows")]
