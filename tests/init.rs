//! `inolab init` gives an institution a site that builds at once: with the
//! whole default theme in place (its templates were once written into the
//! theme folder's root, so a new site failed with "theme not found").

use std::process::Command;

#[test]
fn a_new_site_builds_on_the_first_try() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("mana-lab");
    let bin = env!("CARGO_BIN_EXE_inolab");
    let o = Command::new(bin).arg("init").arg(&site).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(site.join("themes/default/templates/base.html").is_file());
    assert!(site.join("themes/default/i18n/lv.yaml").is_file());
    let o = Command::new(bin)
        .arg("build")
        .current_dir(&site)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("0 warnings"), "{err}");
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(
        home.contains("Mana inovācijas laboratorija"),
        "the new lab's own name"
    );
    assert!(!home.contains("Valsts kancelejas"), "not ours");
}
