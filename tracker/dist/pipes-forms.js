(()=>{"use strict";(()=>{const s=function(){(s.q||(s.q=[])).push(arguments)};(window.pipes||(window.pipes=s))("use","forms",s=>s.trackForm(document))})()})();
