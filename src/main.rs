//! The `novelle` command line: parses arguments, runs a command, and maps
//! its outcome to an exit code (0 ok, 1 problems found, 2 usage error).

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use novelle::commands::redline::Output;
use novelle::commands::{self, Ctx, Failure, Outcome};
use novelle::render::labels::Lang;

/// Track amendments to German statutes and render redlines for parliamentary work.
#[derive(Parser)]
#[command(name = "novelle", version, about, long_about = None)]
struct Cli {
    /// The store: a directory holding statutes/ and proposals/ (default: the
    /// nearest ancestor of the current directory that holds statutes/).
    #[arg(long, global = true, value_name = "DIR")]
    store: Option<PathBuf>,

    /// Read the store as of this git revision (a commit, tag or branch, or
    /// HEAD~2) instead of the working tree; files are named "REV:path".
    #[arg(long, global = true, value_name = "REV", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    rev: Option<String>,

    /// When to use colour (also off with NO_COLOR or when not a terminal).
    #[arg(long, global = true, value_enum, default_value_t = ColourChoice::Auto)]
    color: ColourChoice,

    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColourChoice {
    Auto,
    Always,
    Never,
}

/// Where a redline or report goes, and in which language its labels are.
#[derive(clap::Args)]
struct Shown {
    /// Language of the labels around the statute text (which stays German).
    #[arg(long, value_enum, default_value_t = Lang::De)]
    lang: Lang,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// List the sections and proposals in the store.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = commands::list::Format::Table)]
        format: commands::list::Format,
    },
    /// Show a section or any unit of it, as in force on a day.
    Show {
        /// A citation such as "§ 176 Abs. 1 StGB" or "§ 232a Abs. 6 Satz 1 Nr. 2".
        citation: String,
        /// The day (YYYY-MM-DD) whose law to show; default: today.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        at: Option<Date>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = commands::show::Format::Text)]
        format: commands::show::Format,
    },
    /// Validate the whole store (statutes and proposals); exit 1 on errors.
    Check {
        /// Output format.
        #[arg(long, value_enum, default_value_t = commands::check::Format::Text)]
        format: commands::check::Format,
    },
    /// Print every section a proposal touches as it would read after it.
    Apply {
        /// The proposal's id (its file name in proposals/ without .toml),
        /// or ID@REV for its draft at a git revision.
        proposal: String,
        /// Apply to the law in force on this day instead of the proposal's base.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        at: Option<Date>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = commands::apply::Format::Text)]
        format: commands::apply::Format,
    },
    /// The commits that changed a proposal or a section, newest first.
    Log {
        /// A proposal id (ID@REV to start at a revision) or a citation such as "§ 176".
        #[arg(value_name = "PROPOSAL|CITATION")]
        what: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = commands::log::Format::Table)]
        format: commands::log::Format,
    },
    /// Show what a proposal strikes and inserts, and why, section by section.
    Redline {
        /// The proposal's id (its file name in proposals/ without .toml), or ID@REV.
        proposal: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = commands::redline::Format::Term)]
        format: commands::redline::Format,
        #[command(flatten)]
        shown: Shown,
    },
    /// Compare the law between two days or proposals, or two drafts of a proposal.
    ///
    /// `novelle diff "§ 176" --from 2021-06-30 --to 2021-07-01` compares a
    /// section (or a unit, or a whole law: "StGB"); each side is a day or a
    /// proposal. `novelle diff ijm-osec@HEAD~2 ijm-osec@HEAD` compares drafts.
    Diff {
        /// A section, unit or law ("§ 176", "§ 176 Abs. 1", "StGB"), or the old draft PROPOSAL@REV.
        #[arg(value_name = "TARGET|OLD")]
        target: String,
        /// The new draft: PROPOSAL@REV, or PROPOSAL for the working tree
        /// (the default: the same proposal in the working tree).
        #[arg(value_name = "NEW")]
        new: Option<String>,
        /// The old side: a day (YYYY-MM-DD) or a proposal id (the law as it would make it).
        #[arg(long, value_name = "DAY|PROPOSAL")]
        from: Option<String>,
        /// The new side: a day (YYYY-MM-DD) or a proposal id.
        #[arg(long, value_name = "DAY|PROPOSAL")]
        to: Option<String>,
        /// Output format (drafts: term or json).
        #[arg(long, value_enum, default_value_t = commands::redline::Format::Term)]
        format: commands::redline::Format,
        #[command(flatten)]
        shown: Shown,
    },
    /// Write the hearing report: one self-contained HTML page with the Synopse.
    Report {
        /// The proposal's id, or ID@REV.
        proposal: String,
        /// The hearing the report is for, shown in its title block.
        #[arg(long, value_name = "TEXT")]
        hearing: Option<String>,
        #[command(flatten)]
        shown: Shown,
    },
    /// Write the draft amending act for a proposal: Änderungsbefehle and Begründung.
    Act {
        /// The proposal's id (its file name in proposals/ without .toml), or ID@REV.
        proposal: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = commands::act::Format::Text)]
        format: commands::act::Format,
        /// Write to FILE (replaced atomically) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Import a whole law from a file, adding a version to every changed section.
    Import(commands::import::Options),
    /// Print shell completions.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>()
        .map_err(|e| format!("not a valid day (YYYY-MM-DD): {e}"))
}

// See the note on the dependency in Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let colour_out = wants_colour(cli.color, io::stdout().is_terminal());
    let colour_err = wants_colour(cli.color, io::stderr().is_terminal());
    if let Command::Completions { shell } = cli.command {
        clap_complete::generate(shell, &mut Cli::command(), "novelle", &mut io::stdout());
        return ExitCode::SUCCESS;
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let root = match &cli.store {
        Some(dir) if dir.join("statutes").is_dir() => dir.clone(),
        // `import` fills an empty store.
        Some(dir) if matches!(cli.command, Command::Import(_)) && dir.is_dir() => dir.clone(),
        Some(dir) => {
            return usage(
                &format!("{} holds no statutes/ directory", dir.display()),
                "point --store at the directory that holds statutes/ and proposals/",
                colour_err,
            );
        }
        None => match novelle::load::discover(&cwd) {
            Some(dir) => dir,
            None => {
                return usage(
                    "no novelle store here",
                    "run novelle inside a store (a directory holding statutes/), or pass --store DIR",
                    colour_err,
                );
            }
        },
    };
    let width = if io::stdout().is_terminal() {
        terminal_width()
    } else {
        None
    };
    let ctx = match Ctx::open(&root, cli.rev.as_deref(), colour_out, width) {
        Ok(ctx) => ctx,
        Err(outcome) => return finish(Ok(outcome), colour_err),
    };
    let mut out = io::stdout().lock();
    let result = match cli.command {
        Command::List { format } => commands::list::run(&ctx, format, &mut out),
        Command::Show {
            citation,
            at,
            format,
        } => commands::show::run(&ctx, &citation, at, format, &mut out),
        Command::Check { format } => commands::check::run(&ctx, format, &mut out),
        Command::Apply {
            proposal,
            at,
            format,
        } => commands::apply::run(&ctx, &proposal, at, format, &mut out),
        Command::Log { what, format } => commands::log::run(&ctx, &what, format, &mut out),
        Command::Redline {
            proposal,
            format,
            shown,
        } => {
            let o = Output {
                format,
                lang: shown.lang,
                file: shown.output.as_deref(),
            };
            commands::redline::run(&ctx, &proposal, &o, &mut out)
        }
        Command::Diff {
            target,
            new,
            from,
            to,
            format,
            shown,
        } => {
            let sides = commands::diff::Sides {
                target: &target,
                new: new.as_deref(),
                from: from.as_deref(),
                to: to.as_deref(),
            };
            let o = Output {
                format,
                lang: shown.lang,
                file: shown.output.as_deref(),
            };
            commands::diff::dispatch(&ctx, &sides, &o, &mut out)
        }
        Command::Report {
            proposal,
            hearing,
            shown,
        } => commands::report::run(
            &ctx,
            &proposal,
            hearing.as_deref(),
            shown.lang,
            shown.output.as_deref(),
            &mut out,
        ),
        Command::Act {
            proposal,
            format,
            output,
        } => commands::act::run(&ctx, &proposal, format, output.as_deref(), &mut out),
        Command::Import(options) => commands::import::run(&ctx, &options, &mut out),
        Command::Completions { .. } => unreachable!("handled above"),
    };
    let _ = out.flush();
    // The process ends now: what the command built is left for the kernel
    // to free with the process (see `Ctx::retire`).
    std::mem::forget(ctx);
    finish(result, colour_err)
}

fn finish(result: Result<Outcome, Failure>, colour: bool) -> ExitCode {
    match result {
        Ok(outcome) => {
            if novelle::diag::emit(&outcome.files, &outcome.diagnostics, colour).is_err() {
                return ExitCode::from(1);
            }
            if let Some(summary) = &outcome.summary {
                println!("{summary}");
            }
            if outcome.problems {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(Failure::Usage { message, hint }) => usage(&message, &hint, colour),
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            let d = novelle::diag::Diagnostic::error(e.to_string());
            let _ = novelle::diag::emit(&Default::default(), &[d], colour);
            ExitCode::from(1)
        }
    }
}

fn usage(message: &str, hint: &str, colour: bool) -> ExitCode {
    let d = novelle::diag::Diagnostic::error(message).hint(hint);
    let _ = novelle::diag::emit(&Default::default(), &[d], colour);
    ExitCode::from(2)
}

/// Colour only for terminals, never with NO_COLOR set (see no-color.org).
fn wants_colour(choice: ColourChoice, is_terminal: bool) -> bool {
    colour_for(
        choice,
        is_terminal,
        std::env::var_os("NO_COLOR").as_deref(),
        std::env::var("TERM").ok().as_deref(),
    )
}

/// The colour decision from the choice, the terminal and the environment.
fn colour_for(
    choice: ColourChoice,
    is_terminal: bool,
    no_color: Option<&std::ffi::OsStr>,
    term: Option<&str>,
) -> bool {
    match choice {
        ColourChoice::Always => true,
        ColourChoice::Never => false,
        ColourChoice::Auto => {
            is_terminal && no_color.is_none_or(|v| v.is_empty()) && term != Some("dumb")
        }
    }
}

fn terminal_width() -> Option<u16> {
    comfy_table::Table::new().width()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn colour_honours_no_color_and_terminals() {
        let auto = ColourChoice::Auto;
        assert!(colour_for(auto, true, None, Some("xterm")));
        assert!(!colour_for(
            auto,
            true,
            Some(OsStr::new("1")),
            Some("xterm")
        ));
        // An empty NO_COLOR does not count (no-color.org).
        assert!(colour_for(auto, true, Some(OsStr::new("")), Some("xterm")));
        assert!(!colour_for(auto, false, None, Some("xterm")));
        assert!(!colour_for(auto, true, None, Some("dumb")));
        assert!(colour_for(
            ColourChoice::Always,
            false,
            Some(OsStr::new("1")),
            None
        ));
        assert!(!colour_for(ColourChoice::Never, true, None, None));
    }
}
