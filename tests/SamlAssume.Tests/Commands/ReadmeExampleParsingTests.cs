using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Commands;

/// <summary>
/// How <see cref="ReadmeExamplesTests"/> reads the README and compares output: what it lets vary and what it holds
/// fixed, and that a README it cannot run as written is reported with the line, not passed over.
/// </summary>
public sealed class ReadmeExampleParsingTests
{
    private const string Setup = "<!-- example: sandbox -->\n```sh\nsamlassume sandbox --port 47112\n```\n<!-- example: setup -->\n```sh\ntrue\n```\n";

    private static ReadmeExamples Parse(string markdown) => ReadmeExamples.Parse(markdown.Split('\n'));

    [Fact]
    public void Commands_carry_their_README_line_and_the_lines_shown_after_them()
    {
        var readme = Parse(Setup + "## Section\n\n```console\n$ samlassume roles\nACCOUNT …\n# a comment of the transcript\n\n$ samlassume env\n```\n");

        Assert.Empty(readme.Problems);
        var example = Assert.IsType<ConsoleExample>(Assert.Single(readme.Sections["Section"]));
        Assert.Equal([(12, "samlassume roles"), (16, "samlassume env")], example.Commands.Select(c => (c.Line, c.Text)));
        Assert.Equal(["ACCOUNT …"], example.Commands[0].Expected);
        Assert.Null(example.Commands[1].Expected);
    }

    [Theory]
    [InlineData("```console\nno command here\n```", "README.md:10: a ```console block without a `$ ` command")]
    [InlineData("<!-- example: maybe -->\n```console\n$ true\n```", "README.md:11: unknown annotation 'maybe'")]
    [InlineData("```console\n$ export ONELOGIN_PASSWORD=x\n```", "README.md:11: 'export ONELOGIN_PASSWORD=x' only sets shell state")]
    [InlineData("<!-- example: not run: -->\n```console\n$ true\n```", "README.md:11: 'not run:' needs its reason")]
    public void A_block_the_test_cannot_run_as_written_is_a_problem_with_its_line(string block, string problem)
    {
        var readme = Parse(Setup + "## Section\n" + block + "\n");

        Assert.Contains(readme.Problems, p => p.StartsWith(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Run_dependent_values_match_in_any_form_but_the_rest_must_be_the_same()
    {
        var shown = new[] { "Wrote profile [dev] to /home/jane/.aws/credentials: …, expires 2026-11-22T03:48:54Z (in 60 min)." };

        Assert.True(ExampleOutput.Matches(shown, ExampleOutput.Normalize("Wrote profile [dev] to /tmp/h/.aws/credentials: arn:x, expires 2031-01-02T09:08:07Z (in 60 min).\n", "/tmp/h")));
        Assert.False(ExampleOutput.Matches(shown, ExampleOutput.Normalize("Wrote profile [dev] to /tmp/h/.aws/credentials: arn:x, expires 2031-01-02T09:08:07Z (in 59 min).\n", "/tmp/h")));
        Assert.False(ExampleOutput.Matches(shown, ExampleOutput.Normalize("Wrote profile [prod] to /tmp/h/.aws/credentials: arn:x, expires 2031-01-02T09:08:07Z (in 60 min).\n", "/tmp/h")));
    }

    [Fact]
    public void A_line_of_only_an_ellipsis_stands_for_any_lines_but_no_line_may_be_missing_or_extra()
    {
        var shown = new[] { "first", "…", "last" };

        Assert.True(ExampleOutput.Matches(shown, "first\nlast"));
        Assert.True(ExampleOutput.Matches(shown, "first\na\nb\nlast\n"));
        Assert.False(ExampleOutput.Matches(shown, "first\na"));
        Assert.False(ExampleOutput.Matches(shown, "warning: something new\nfirst\nlast"));
        Assert.False(ExampleOutput.Matches(["only"], "only\nand more"));
    }
}
