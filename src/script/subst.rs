//! Substitution variables: `DEFINE`d names replaced in statement and command text (`&name`,
//! `&&name`, `&name.`), and the `old N:` / `new N:` lines SET VERIFY ON prints.
//!
//! Variables are shared by every session of a run. Names are case-insensitive (kept upper
//! case). A script run has no terminal to prompt on, so an undefined name is an error.

use indexmap::IndexMap;

/// The defined substitution variables, in definition order.
#[derive(Debug, Default, Clone)]
pub struct Defines {
    vars: IndexMap<String, String>,
}

impl Defines {
    /// Defines (or redefines) `name`.
    pub fn set(&mut self, name: &str, value: &str) {
        self.vars.insert(name.to_uppercase(), value.to_string());
    }

    /// The value of `name`, if defined.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(&name.to_uppercase()).map(String::as_str)
    }

    /// Removes `name`.
    pub fn unset(&mut self, name: &str) {
        self.vars.shift_remove(&name.to_uppercase());
    }

    /// Every variable, in definition order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.vars.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// The line `DEFINE` prints for one variable: `DEFINE X               = "5" (CHAR)`.
pub fn define_line(name: &str, value: &str) -> String {
    format!("DEFINE {name:<15} = \"{value}\" (CHAR)")
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '$' | '#')
}

/// Replaces every `&name`, `&&name` and `&name.` in `text` (with `prefix` as the `&`).
/// Returns the new text, or the first undefined reference (as written, e.g. `&x`).
pub fn substitute(text: &str, prefix: char, defines: &Defines) -> Result<String, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != prefix {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let double = chars.get(i + 1) == Some(&prefix);
        let start = if double { i + 2 } else { i + 1 };
        let mut end = start;
        while end < chars.len() && is_name_char(chars[end]) {
            end += 1;
        }
        if end == start {
            // A lone `&` (e.g. `Tom & Jerry`) is plain text.
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let name: String = chars[start..end].iter().collect();
        match defines.get(&name) {
            Some(v) => out.push_str(v),
            None => {
                let written: String = chars[i..end].iter().collect();
                return Err(written);
            }
        }
        i = if chars.get(end) == Some(&'.') { end + 1 } else { end };
    }
    Ok(out)
}

/// The SET VERIFY lines for a substitution: for each changed line, `old   N: ...` then
/// `new   N: ...` (N right-aligned in four columns, as SQL*Plus prints it).
pub fn verify_lines(old: &str, new: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for (n, (o, w)) in old.lines().zip(new.lines()).enumerate() {
        if o != w {
            lines.push(format!("old{:>4}: {o}", n + 1));
            lines.push(format!("new{:>4}: {w}", n + 1));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defs() -> Defines {
        let mut d = Defines::default();
        d.set("sid", "21");
        d.set("Serial", "7");
        d
    }

    #[test]
    fn ampersand_double_ampersand_and_period() {
        let d = defs();
        assert_eq!(substitute("kill '&sid,&&serial'", '&', &d).unwrap(), "kill '21,7'");
        assert_eq!(substitute("&sid.x &sid..y", '&', &d).unwrap(), "21x 21.y");
        assert_eq!(substitute("Tom & Jerry &", '&', &d).unwrap(), "Tom & Jerry &");
    }

    #[test]
    fn undefined_reference_is_reported_as_written() {
        assert_eq!(substitute("select &&nope from dual", '&', &defs()), Err("&&nope".to_string()));
    }

    #[test]
    fn another_prefix_character() {
        assert_eq!(substitute("a & b ^sid", '^', &defs()).unwrap(), "a & b 21");
    }

    #[test]
    fn verify_prints_changed_lines_only() {
        let old = "select &sid\nfrom dual\nwhere x = &sid";
        let new = substitute(old, '&', &defs()).unwrap();
        assert_eq!(
            verify_lines(old, &new),
            vec![
                "old   1: select &sid",
                "new   1: select 21",
                "old   3: where x = &sid",
                "new   3: where x = 21"
            ]
        );
    }

    #[test]
    fn define_listing_format() {
        assert_eq!(define_line("X", "5"), "DEFINE X               = \"5\" (CHAR)");
        let mut d = defs();
        d.unset("SID");
        assert_eq!(d.iter().count(), 1);
    }
}
