// The dashboard's bars and calendar are positioned by CSS custom properties and grid columns
// written in data-style attributes: the admin's content security policy refuses style
// attributes in the markup, not styles set from a script of the site's own.
document.querySelectorAll("[data-style]").forEach((element) => {
    element.style.cssText += `;${element.dataset.style}`;
});
