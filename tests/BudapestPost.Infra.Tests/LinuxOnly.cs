// The Bicep CLI package restored here is the linux-x64 build, and the hook under test is a bash script.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
