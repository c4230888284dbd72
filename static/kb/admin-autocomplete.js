'use strict';
// Django's admin autocomplete, extended: a select with data-forward="person" sends the value of
// its row's "person" field with each search, so "affiliation at the time" lists only that
// person's affiliations. Wraps $.fn.djangoAdminSelect2, which the admin (and django-nested-admin)
// call on page load and for every added inline row, so new rows get it too.
{
    const $ = django.jQuery;

    function forwarded(element) {
        const name = element.dataset.forward;
        if (!element.form) {
            return {};
        }
        // person_roles-3-affiliation -> person_roles-3-person
        const source = element.form.elements[element.name.replace(/[^-]+$/, name)];
        return source && source.value ? {[name]: source.value} : {};
    }

    const original = $.fn.djangoAdminSelect2;
    $.fn.djangoAdminSelect2 = function() {
        const result = original.apply(this, arguments);
        this.filter('[data-forward]').each(function(i, element) {
            const select2 = $(element).data('select2');
            const ajax = select2 && select2.dataAdapter && select2.dataAdapter.ajaxOptions;
            if (!ajax || ajax.kenesForward) {
                return;
            }
            const data = ajax.data;
            ajax.data = (params) => Object.assign(data(params), forwarded(element));
            ajax.kenesForward = true;
        });
        return result;
    };
}
