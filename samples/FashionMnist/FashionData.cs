using System.Diagnostics;
using Gluon.Data.Vision;
using Spectre.Console;

namespace Gluon.Samples.FashionMnist;

/// <summary>
/// Finds Fashion-MNIST: the dataset looks in ~/.mxnet/datasets, then where Debian's
/// dataset-fashion-mnist package puts it, then downloads. This machine has no internet but
/// reaches Debian's mirrors, so when all that fails the package is installed (as root), or the
/// exact command is printed.
/// </summary>
internal static class FashionData
{
    private const string InstallCommand = "apt-get install -y dataset-fashion-mnist";

    public static (FashionMNIST Train, FashionMNIST Test) Load()
    {
        try
        {
            return (new FashionMNIST(train: true), new FashionMNIST(train: false));
        }
        catch (Exception e) when (e is FileNotFoundException or IOException or HttpRequestException)
        {
            AnsiConsole.MarkupLine($"[yellow]Fashion-MNIST not found and not downloadable ({Markup.Escape(e.Message)}); installing the Debian package dataset-fashion-mnist[/]");
            if (!TryInstall())
            {
                AnsiConsole.MarkupLine($"[red]Could not install it. Run as root:[/] {InstallCommand}   (or: sudo {InstallCommand})");
                Environment.Exit(2);
            }
            return (new FashionMNIST(train: true), new FashionMNIST(train: false));
        }
    }

    private static bool TryInstall()
    {
        string[] attempts = Environment.UserName == "root" ? ["apt-get"] : ["sudo"];
        foreach (var exe in attempts)
        {
            try
            {
                var psi = exe == "sudo"
                    ? new ProcessStartInfo("sudo", "-n " + InstallCommand)
                    : new ProcessStartInfo("apt-get", "install -y -q dataset-fashion-mnist");
                psi.Environment["DEBIAN_FRONTEND"] = "noninteractive";
                using var p = Process.Start(psi)!;
                p.WaitForExit();
                if (p.ExitCode == 0) return true;
                if (exe == "apt-get")
                {
                    using var update = Process.Start(new ProcessStartInfo("apt-get", "update -q") { Environment = { ["DEBIAN_FRONTEND"] = "noninteractive" } })!;
                    update.WaitForExit();
                    using var again = Process.Start(psi)!;
                    again.WaitForExit();
                    if (again.ExitCode == 0) return true;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // the tool is not installed; try the next way or report
            }
        }
        return false;
    }
}
