using CryptoTracker.Sources.Demo;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Configuration;

public sealed class DemoOptionsValidator : IValidateOptions<DemoOptions>
{
    public ValidateOptionsResult Validate(string? name, DemoOptions o) =>
        o.Seed >= 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail("Tracker:Demo:Seed must not be negative.");
}
