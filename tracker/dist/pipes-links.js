(()=>{"use strict";(()=>{const i=function(){(i.q||(i.q=[])).push(arguments)};(window.pipes||(window.pipes=i))("use","links",i=>i.trackLink(document))})()})();
