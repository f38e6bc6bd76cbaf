// The Razorpay checkout page: "Pay with Razorpay" opens Razorpay Checkout for the order
// the page names. Checkout posts its answer to the callback URL (redirect: true), so the
// payment is verified and recorded by the server, never by this script.
(function () {
  'use strict';
  var button = document.getElementById('razorpay-pay');
  var status = document.getElementById('razorpay-status');
  if (!button) return;
  button.addEventListener('click', function () {
    if (typeof window.Razorpay !== 'function') {
      status.textContent = status.getAttribute('data-unavailable');
      status.hidden = false;
      return;
    }
    var data = button.dataset;
    var checkout = new window.Razorpay({
      key: data.key,
      order_id: data.order,
      amount: Number(data.amount),
      currency: data.currency,
      name: data.name,
      description: data.description,
      callback_url: data.callback,
      redirect: true
    });
    checkout.open();
  });
})();
