//! `vigie`: the command-line interface, a thin layer over the library.
//!
//! STUB: to be written (helper D).

fn main() {
    eprintln!("vigie: not built yet");
    std::process::exit(2);
}
