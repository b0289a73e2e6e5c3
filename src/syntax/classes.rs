//! The word classes of every form DELA knows, looked up by a token's lower-case text.

use quidit_lists::classes::bit;

/// The finite-state map of forms to class bits, built by `build.rs`.
static CLASSES_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/classes.fst"));

/// A form's word classes: a bit set over [`quidit_lists::classes::CODES`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ClassSet(pub u32);

macro_rules! class {
    ($name:ident, $code:literal) => {
        #[doc = concat!("The class `", $code, "`.")]
        pub(crate) const $name: u32 = 1 << class_index($code);
    };
}

/// The bit index of a class code, at compile time (the codes are fixed in `quidit-lists`).
const fn class_index(code: &str) -> u32 {
    let codes = quidit_lists::classes::CODES;
    let mut i = 0;
    while i < codes.len() {
        if const_eq(codes[i], code) {
            return i as u32;
        }
        i += 1;
    }
    panic!("unknown class code")
}

const fn const_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

impl ClassSet {
    class!(DET, "DET");
    class!(PREP, "PREP");
    class!(PREPDET, "PREPDET");
    class!(PRO, "PRO");
    class!(CONJC, "CONJC");
    class!(CONJS, "CONJS");
    class!(ADV, "ADV");
    class!(N, "N");
    class!(A, "A");
    class!(INTJ, "INTJ");
    class!(VF, "VF");
    class!(VK, "VK");
    class!(VW, "VW");
    class!(VG, "VG");
    class!(AUX, "AUX");
    class!(NPR, "NPR");
    class!(NUM, "NUM");
    /// Any verb form.
    pub(crate) const VERB: u32 = Self::VF | Self::VK | Self::VW | Self::VG;

    /// Whether the set has any class of `mask`.
    pub(crate) fn any(self, mask: u32) -> bool {
        self.0 & mask != 0
    }

    /// Whether every class of the set is in `mask` (and the set is not empty).
    pub(crate) fn only(self, mask: u32) -> bool {
        self.0 != 0 && self.0 & !mask == 0
    }
}

/// The map of forms to classes, read in place from the binary.
#[derive(Clone)]
pub(crate) struct Classes {
    map: fst::Map<&'static [u8]>,
}

impl Classes {
    /// The built-in map.
    pub(crate) fn builtin() -> Classes {
        // The bytes were written by `fst` in build.rs from the same crate version: reading
        // them cannot fail.
        let map = fst::Map::new(CLASSES_FST).expect("build.rs writes a valid map");
        debug_assert_eq!(bit("DET"), Some(ClassSet::DET));
        Classes { map }
    }

    /// The classes of `form` (lower case, straight apostrophe); empty if DELA lacks it.
    pub(crate) fn get(&self, form: &str) -> ClassSet {
        ClassSet(self.map.get(form).map_or(0, |bits| bits as u32))
    }
}

impl std::fmt::Debug for Classes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Classes")
            .field("forms", &self.map.len())
            .finish()
    }
}
