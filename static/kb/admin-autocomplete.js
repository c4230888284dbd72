'use strict';
// Django's admin autocomplete (select2), extended. Wraps $.fn.djangoAdminSelect2, which the admin
// (and django-nested-admin) call on page load and for every added inline row, so new rows get it too.
// - Each select2 box is named after its field: select2 draws its own combobox and search inputs,
//   which no <label> names (WCAG 1.3.1, 4.1.2); they get the field's label, or in a tabular inline
//   row the column's header.
// - A select with data-forward="person" sends the value of its row's "person" field with each
//   search, so "affiliation at the time" lists only that person's affiliations.
{
    const $ = django.jQuery;
    let labels = 0;

    function forwarded(element) {
        const name = element.dataset.forward;
        if (!element.form) {
            return {};
        }
        // person_roles-3-affiliation -> person_roles-3-person
        const source = element.form.elements[element.name.replace(/[^-]+$/, name)];
        return source && source.value ? {[name]: source.value} : {};
    }

    function labelOf(element) {
        const label = element.id && document.querySelector(`label[for="${element.id}"]`);
        if (label) {
            return label;
        }
        // A tabular inline: <td class="field-person"> under <th class="column-person">.
        const cell = element.closest('td');
        const field = cell && Array.from(cell.classList).find((name) => name.startsWith('field-'));
        const table = element.closest('table');
        return field && table ? table.querySelector(`th.column-${field.slice('field-'.length)}`) : null;
    }

    function name(element, select2) {
        const label = labelOf(element);
        if (!label) {
            return;
        }
        if (!label.id) {
            labels += 1;
            label.id = `kenes-label-${labels}`;
        }
        const text = label.textContent.replace(/[:\s]+$/, '').trim();
        // The combobox reads as "<field> <what is chosen>" (select2 names it by the choice only).
        const selection = select2.$container.find('.select2-selection');
        const chosen = (selection.attr('aria-labelledby') || '').split(' ').filter(
            (id) => id && id !== label.id
        );
        selection.attr('aria-labelledby', [label.id, ...chosen].join(' '));
        // A single select's choice is shown in a read-only textbox: the field names it too.
        select2.$container.find('.select2-selection__rendered[role="textbox"]').attr(
            'aria-labelledby', label.id
        );
        // The search boxes: inline in a multiple select, in the dropdown of a single one.
        select2.$container.find('.select2-search__field').attr('aria-label', text);
        if (select2.$dropdown) {
            select2.$dropdown.find('.select2-search__field').attr('aria-label', text);
        }
    }

    function forward(element, select2) {
        const ajax = select2.dataAdapter && select2.dataAdapter.ajaxOptions;
        if (!ajax || ajax.kenesForward) {
            return;
        }
        const data = ajax.data;
        ajax.data = (params) => Object.assign(data(params), forwarded(element));
        ajax.kenesForward = true;
    }

    const original = $.fn.djangoAdminSelect2;
    $.fn.djangoAdminSelect2 = function() {
        const result = original.apply(this, arguments);
        this.each(function(i, element) {
            const select2 = $(element).data('select2');
            if (!select2) {
                return;
            }
            name(element, select2);
            if (element.dataset.forward) {
                forward(element, select2);
            }
        });
        return result;
    };
}
