using SamlAssume;
using SamlAssume.Cli;

return await SamlAssumeCli.RunAsync(args, CommandContext.ForProcess());
